/**
 * Byte-offset reads of log files with Supervisor's readLog and tail*Log semantics (reference 3.6).
 * One difference on purpose: bytes that are not valid UTF-8 (a window splitting a multibyte
 * character, binary output) are decoded with U+FFFD instead of failing the whole call with
 * HTTP 500 as Supervisor does (#1485, #1693).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export class LogReadError extends Error {
  constructor(readonly reason: 'BAD_ARGUMENTS' | 'FAILED') {
    super(reason);
  }
}

function readRange(fd: number, position: number, length: number | undefined): Buffer {
  const size = fstatSync(fd).size;
  const start = Math.min(Math.max(position, 0), size);
  const want = length === undefined ? size - start : Math.min(length, size - start);
  const buffer = Buffer.alloc(Math.max(want, 0));
  let done = 0;
  while (done < buffer.length) {
    const n = readSync(fd, buffer, done, buffer.length - done, start + done);
    if (n === 0) break;
    done += n;
  }
  return buffer.subarray(0, done);
}

/** readLog / readProcess*Log: throws LogReadError('BAD_ARGUMENTS' | 'FAILED'). */
export function readLogRange(file: string, offset: number, length: number): string {
  if (offset < 0 && length !== 0) throw new LogReadError('BAD_ARGUMENTS');
  if (offset >= 0 && length < 0) throw new LogReadError('BAD_ARGUMENTS');
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    throw new LogReadError('FAILED');
  }
  try {
    if (offset < 0) {
      const size = fstatSync(fd).size;
      return readRange(fd, Math.max(size + offset, 0), -offset).toString('utf8');
    }
    return readRange(fd, offset, length === 0 ? undefined : length).toString('utf8');
  } catch {
    throw new LogReadError('FAILED');
  } finally {
    closeSync(fd);
  }
}

/** tail*Log: [data, next offset (= file size), overflow]. */
export function tailLog(file: string, offset: number, length: number): [string, number, boolean] {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return ['', offset, false];
  }
  try {
    const size = fstatSync(fd).size;
    let overflow = false;
    if (size > offset + length) {
      overflow = true;
      offset = size - 1;
    }
    if (offset + length > size) {
      if (offset > size - 1) length = 0;
      offset = size - length;
    }
    if (offset < 0) offset = 0;
    if (length < 0) length = 0;
    const data = length === 0 ? '' : readRange(fd, offset, length).toString('utf8');
    return [data, size, overflow];
  } catch {
    return ['', offset, false];
  } finally {
    closeSync(fd);
  }
}
