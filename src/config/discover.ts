/**
 * Where supervisord looks for its config when no -c is given (reference §1.1), first existing wins.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Supervisor's search paths, as it lists them (relative ones are relative to `cwd`). */
export function defaultSearchPaths(argv0: string, _cwd: string): string[] {
  // Python's os.path.dirname twice, then os.path.join (an empty head gives a relative path).
  const here = path.posix.dirname(path.posix.dirname(argv0));
  const join = (...parts: string[]): string => path.posix.join(here, ...parts);
  return [
    join('etc', 'supervisord.conf'),
    join('supervisord.conf'),
    'supervisord.conf',
    'etc/supervisord.conf',
    '/etc/supervisord.conf',
    '/etc/supervisor/supervisord.conf',
  ];
}

/** The first existing search path, resolved against `cwd`; undefined when none exists. */
export function findSupervisordConfig(argv0: string, cwd: string): string | undefined {
  for (const candidate of defaultSearchPaths(argv0, cwd)) {
    const resolved = path.resolve(cwd, candidate);
    if (existsSync(resolved)) return resolved;
  }
  return undefined;
}
