/** Where a plan's target-system path lives on this machine under `--root`. */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

export function mapToRoot(root: string | undefined, targetPath: string): string {
  if (!root || root === '/') return path.resolve(targetPath);
  return path.join(path.resolve(root), path.resolve('/', targetPath));
}

/** A target-system file's text under `--root`; undefined when it is missing or unreadable. */
export function readUnder(root: string, file: string): string | undefined {
  try {
    return readFileSync(mapToRoot(root, file), 'utf8');
  } catch {
    return undefined;
  }
}

/** "0640" style, as people write modes. */
export function formatMode(mode: number): string {
  return '0' + (mode & 0o7777).toString(8).padStart(3, '0');
}

/** Modes svwiz never sets: anything writable by every user ("chmod 777 fixes it" is the bug we fix). */
export function isWorldWritable(mode: number): boolean {
  return (mode & 0o002) !== 0;
}

/** Dirs that belong to the system and to other services: a fix never chowns or chmods them. */
export const SYSTEM_DIRS: ReadonlySet<string> = new Set(['/', '/tmp', '/var', '/var/log', '/run', '/var/run', '/etc', '/usr', '/home', '/root', '/opt', '/srv', '/var/lib', '/dev', '/var/tmp', '/usr/local']);

/**
 * Where a target-system path really is after its symlinks, as the target sees it (no ROOT prefix);
 * undefined when it cannot be resolved. npm's bins are symlinks into the package.
 */
export function realTargetPath(root: string | undefined, targetPath: string): string | undefined {
  try {
    const real = realpathSync(mapToRoot(root, targetPath));
    if (!root || path.resolve(root) === '/') return real;
    return `/${path.relative(realpathSync(root), real)}`;
  } catch {
    return undefined;
  }
}
