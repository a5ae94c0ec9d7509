/**
 * `[include] files=` as Supervisor 4.2.5 reads it (reference §1): expand `%(here)s`,
 * `%(host_node_name)s` and `%(ENV_x)s`, split on whitespace, and join each pattern to the main
 * file's directory. One owner for the loader and the doctor's raw view of the same files.
 */
import path from 'node:path';
import { expandValue } from './config-reader.js';
import { pySplit, type PyMapping } from './py-format.js';
import { compareCodePoints, pythonGlob } from './python-glob.js';

/** The names an include value may use: here, host_node_name and ENV_x for each variable of env. */
export function includeExpansions(mainFile: string, hostname: string, env: NodeJS.ProcessEnv): PyMapping {
  const expansions: PyMapping = new Map([
    ['here', path.dirname(mainFile)],
    ['host_node_name', hostname],
  ]);
  for (const [k, v] of Object.entries(env)) if (v !== undefined) expansions.set(`ENV_${k}`, v);
  return expansions;
}

/** The glob patterns of an include value; throws ConfigValueError on an unknown %(name)s. */
export function includePatterns(value: string, mainFile: string, expansions: PyMapping): string[] {
  const base = path.dirname(mainFile);
  // os.path.join(base, pattern): an absolute pattern stands alone, nothing is normalized.
  return pySplit(expandValue(value, expansions, 'include.files')).map((pattern) =>
    pattern.startsWith('/') ? pattern : base.endsWith('/') ? base + pattern : `${base}/${pattern}`,
  );
}

/** The files one pattern matches, in Supervisor's (sorted) order; `hostPath` maps a `--root`. */
export function includeMatches(pattern: string, hostPath: (target: string) => string = (p) => p): string[] {
  return pythonGlob(hostPath(pattern)).sort(compareCodePoints);
}
