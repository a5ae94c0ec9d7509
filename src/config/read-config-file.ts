/**
 * Reading a config file's text the way Supervisor opens it: a missing main file and an unreadable
 * one get Supervisor's two messages; text must be UTF-8 (Debian's locale encoding) and a BOM is
 * kept as a character, as Python does (it then fails as "no section headers").
 */
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';

function decode(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, offset).toString('latin1').split('\n').length;
    throw new ConfigError(
      `'utf-8' codec can't decode byte 0x${bytes[offset]?.toString(16).padStart(2, '0')} at byte offset ${offset}: this is not a UTF-8 text file (valid: a UTF-8 text INI file)`,
      { position: { file, line } },
    );
  }
}

function firstInvalidUtf8(bytes: Buffer): number {
  // binary search for the longest valid prefix; streaming mode accepts a sequence cut at the end
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}

/** The main file (-c): missing → "could not find config file", unreadable → "could not read config file". */
export function readMainConfigText(file: string, shownAs: string): string {
  if (!existsSync(file)) {
    throw new ConfigError(`could not find config file ${shownAs} (valid: the path of an existing supervisord.conf, given with -c)`);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(`could not read config file ${shownAs} (${code}: check its permissions, or that it is a file)`);
  }
  return decode(bytes, file);
}

/** An included file: unreadable ones are skipped silently, as Supervisor does (null). */
export function readIncludedConfigText(file: string): string | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  return decode(bytes, file);
}
