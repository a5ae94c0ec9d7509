/**
 * The doctor's one window onto the target system's files: every check reads files through
 * `ctx.files` (paths as the target system sees them, mapped under `--root`), never through
 * node:fs, so what a check looks at is one interface a test can point at a temp root. Reads never
 * throw: a file that is missing or unreadable is `undefined`, which is what every check asks.
 */
import { existsSync, lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { open, statfs } from 'node:fs/promises';
import { mapToRoot, readUnder, realTargetPath } from '../system/paths.js';
import { readShebangLine } from '../system/shebang.js';

export interface TargetFiles {
  /** Whether the path exists (links followed). */
  exists(target: string): boolean;
  /** The entry itself (a link is a link), or undefined when absent or unreadable. */
  lstat(target: string): Stats | undefined;
  readText(target: string): string | undefined;
  /** Entry names (hidden ones too), or undefined when the dir is absent or unreadable. */
  list(target: string): string[] | undefined;
  /** A link's target as written, or undefined when it is no link. */
  readLink(target: string): string | undefined;
  /** The real file's target path, links resolved (back under root). */
  realPath(target: string): string | undefined;
  /** Bytes an unprivileged writer may still use on the filesystem holding DIR. */
  freeBytes(dir: string): Promise<number | undefined>;
  /** The last BYTES of a file ('' when unreadable): a log's tail. */
  tail(target: string, bytes: number): Promise<string>;
  /** The file's `#!` line ('' when none), read the one way src/system/shebang.ts reads it. */
  shebangLine(target: string): string;
}

async function tailOf(file: string, bytes: number): Promise<string> {
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const start = Math.max(0, size - bytes);
      const buffer = Buffer.alloc(size - start);
      await handle.read(buffer, 0, buffer.length, start);
      return buffer.toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}

function orUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

export function targetFiles(root: string): TargetFiles {
  const host = (target: string) => mapToRoot(root, target);
  return {
    exists: (target) => existsSync(host(target)),
    lstat: (target) => orUndefined(() => lstatSync(host(target))),
    readText: (target) => readUnder(root, target),
    list: (target) => orUndefined(() => readdirSync(host(target))),
    readLink: (target) => orUndefined(() => readlinkSync(host(target))),
    realPath: (target) => realTargetPath(root, target),
    freeBytes: async (dir) => {
      try {
        const stats = await statfs(host(dir));
        return stats.bavail * stats.bsize;
      } catch {
        return undefined;
      }
    },
    tail: (target, bytes) => tailOf(host(target), bytes),
    shebangLine: (target) => readShebangLine(host(target)),
  };
}
