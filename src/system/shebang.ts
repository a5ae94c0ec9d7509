/**
 * A script's `#!` line: the one reader (the first 256 bytes, as the kernel reads far less) and the
 * one rule for which interpreter it names.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';

/** The first line of a file if it starts with `#!`, else '' (also for unreadable files). */
export function readShebangLine(hostFile: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(hostFile, 'r');
    const buffer = Buffer.alloc(256);
    const bytesRead = readSync(fd, buffer, 0, 256, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8');
    return head.startsWith('#!') ? head.split('\n')[0]! : '';
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The interpreter a `#!` line names: `#!/usr/bin/env node` → "node" (a name env looks up on PATH),
 * `#!/usr/bin/python3 -u` → "/usr/bin/python3"; no shebang → null.
 */
export function shebangInterpreter(firstLine: string): string | null {
  if (!firstLine.startsWith('#!')) return null;
  const words = firstLine.slice(2).trim().split(/\s+/);
  if (!words[0]) return null;
  if (path.basename(words[0]) === 'env') {
    const rest = words.slice(1).filter((word) => !word.startsWith('-'));
    return rest[0] ?? null;
  }
  return words[0];
}
