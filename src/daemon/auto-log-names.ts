/**
 * `stdout_logfile=AUTO`: Supervisor creates `<childlogdir>/<name>-<channel>---<identifier>-<8 random>.log`
 * (mode 0600, like Python's mkstemp) when the group is created, and at start-up (unless
 * nocleanup) deletes every file of that pattern in childlogdir.
 */
import { closeSync, openSync, readdirSync, rmSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import path from 'node:path';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789_';

function randomSuffix(): string {
  let out = '';
  for (let i = 0; i < 8; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export function createAutoLogFile(childlogdir: string, processName: string, channel: 'stdout' | 'stderr', identifier: string): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    const file = path.join(childlogdir, `${processName}-${channel}---${identifier}-${randomSuffix()}.log`);
    try {
      closeSync(openSync(file, 'wx', 0o600));
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`could not create a unique AUTO log name in ${childlogdir}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Supervisor's pattern, anchored at the start only (Python re.match). */
export function isAutoLogName(fileName: string, identifier: string): boolean {
  return new RegExp(`^.+?---${escapeRegExp(identifier)}-\\S+\\.log\\.?\\d{0,4}`).test(fileName);
}

/** Delete old AUTO logs; returns the files that could not be removed (logged as warnings by the caller). */
export function removeOldAutoLogs(childlogdir: string, identifier: string): { removed: string[]; failed: string[]; unreadable: boolean } {
  const removed: string[] = [];
  const failed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(childlogdir);
  } catch {
    return { removed, failed, unreadable: true };
  }
  for (const name of names) {
    if (!isAutoLogName(name, identifier)) continue;
    const file = path.join(childlogdir, name);
    try {
      rmSync(file);
      removed.push(file);
    } catch {
      failed.push(file);
    }
  }
  return { removed, failed, unreadable: false };
}
