/**
 * Every PATH search svwiz makes, on one walk along the directories:
 * - `which`, as the shell (and `/usr/bin/env`'s execvp) answers it: the first executable regular
 *   file named CMD. Paths come back as the target system sees them (under `--root` the file is
 *   looked up inside ROOT but reported without the ROOT prefix), so they can be written into
 *   init scripts and units as they are.
 * - `supervisorCommandSearch`, what Supervisor execs for a bare `command=` word: the first path that
 *   exists at all, executable or not (supervisor/process.py get_execv_args stats each candidate and
 *   stops at the first; a non-executable hit then fails with "is not executable" instead of the
 *   search going on). The daemon, the doctor and the wizard all ask this one.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
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

/** Candidates `dir/program` along `dirs` in order; the first one `probe` accepts wins. */
export function firstAlongPath<T>(program: string, dirs: readonly string[], probe: (candidate: string) => T | undefined): { file: string; found: T } | undefined {
  for (const dir of dirs) {
    // As Python's os.path.join: an empty entry leaves the bare name (relative to the cwd).
    const candidate = dir ? path.join(dir, program) : program;
    const found = probe(candidate);
    if (found !== undefined) return { file: candidate, found };
  }
  return undefined;
}

/** Supervisor's search for a bare program name (see the top of this file); `exists` maps a target path to the host. */
export function supervisorCommandSearch(program: string, dirs: readonly string[], exists: (candidate: string) => boolean = existsSync): string | undefined {
  return firstAlongPath(program, dirs, (candidate) => (exists(candidate) ? true : undefined))?.file;
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
