/**
 * `which`, as the shell would answer it: the first executable regular file named CMD in the
 * directories of PATH. Paths come back as the target system sees them (under `--root` the file
 * is looked up inside ROOT but reported without the ROOT prefix), so they can be written into
 * init scripts and units as they are.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { mapToRoot } from './paths.js';

function isExecutableFile(hostPath: string): boolean {
  try {
    if (!statSync(hostPath).isFile()) return false;
    accessSync(hostPath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Every match for CMD along PATH, in PATH order, without duplicates. */
export function whichAll(cmd: string, PATH: string = process.env.PATH ?? '', root = '/'): string[] {
  if (cmd.includes('/')) {
    const target = path.resolve(cmd);
    return isExecutableFile(mapToRoot(root, target)) ? [target] : [];
  }
  const found: string[] = [];
  for (const dir of PATH.split(':')) {
    // An empty PATH entry means the current directory in sh; a service never has one, so skip it.
    if (!dir || !path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, cmd);
    if (!found.includes(candidate) && isExecutableFile(mapToRoot(root, candidate))) found.push(candidate);
  }
  return found;
}

/** The first match for CMD along PATH, or undefined. */
export function which(cmd: string, PATH: string = process.env.PATH ?? '', root = '/'): string | undefined {
  return whichAll(cmd, PATH, root)[0];
}
