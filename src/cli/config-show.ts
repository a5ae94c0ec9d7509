/** `svwiz config show --json`: one JSON document on stdout, or an error on stderr and exit 1. */
import { loadSupervisorConfig } from '../config/load.js';
import { configToJson } from '../config/json-contract.js';
import { resolveConfigFile } from './config-file-option.js';
import { renderJsonDocument } from '../protocol/json-document.js';

export async function runConfigShow(options: { config?: string; json?: boolean }): Promise<number> {
  const model = await loadSupervisorConfig(resolveConfigFile(options.config));
  process.stdout.write(renderJsonDocument(configToJson(model)));
  return 0;
}
