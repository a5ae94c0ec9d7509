/** The `-c FILE` of the config commands: the given file, or Supervisor's search order without it. */
import { UserError } from '../errors.js';
import { defaultSearchPaths, findSupervisordConfig } from '../config/discover.js';

export function resolveConfigFile(configuration: string | undefined, argv0 = process.argv[1] ?? 'svwiz'): string {
  if (configuration !== undefined) return configuration;
  const found = findSupervisordConfig(argv0, process.cwd());
  if (found) return found;
  throw new UserError(
    `No config file found at default paths (${defaultSearchPaths(argv0, process.cwd()).join(', ')}); use the -c option to specify a config file at a different path`,
  );
}
