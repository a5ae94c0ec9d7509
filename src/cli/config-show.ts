/** `svwiz config show --json`: one JSON document on stdout, or an error on stderr and exit 1. */
import { loadSupervisorConfig } from '../config/load.js';
import { configToJson } from '../config/json-contract.js';
import { resolveConfigFile } from './config-file-option.js';

export async function runConfigShow(options: { configuration?: string; json?: boolean }): Promise<number> {
  const model = await loadSupervisorConfig(resolveConfigFile(options.configuration));
  process.stdout.write(JSON.stringify(configToJson(model), null, 2) + '\n');
  return 0;
}
