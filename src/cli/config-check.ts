/**
 * `svwiz config check`: load the config as Supervisor would; an error exits 1 naming file:line,
 * section and key; warnings (what Supervisor silently ignores) are printed but do not fail.
 */
import { ConfigError } from '../errors.js';
import { loadSupervisorConfig } from '../config/load.js';
import type { ConfigWarning } from '../config/types.js';
import { resolveConfigFile } from './config-file-option.js';

function formatWarning(w: ConfigWarning): string {
  const where = w.position ? `${w.position.file}:${w.position.line}: ` : '';
  return `warning: ${where}${w.message}`;
}

export async function runConfigCheck(options: { configuration?: string; json?: boolean }): Promise<number> {
  const file = resolveConfigFile(options.configuration);
  try {
    const model = await loadSupervisorConfig(file);
    if (options.json) {
      process.stdout.write(JSON.stringify({ ok: true, file: model.file, files: model.files, errors: [], warnings: model.warnings }, null, 2) + '\n');
      return 0;
    }
    for (const w of model.warnings) process.stderr.write(formatWarning(w) + '\n');
    const programs = model.processes.length;
    process.stdout.write(
      `${model.file}: OK (${model.files.length} file${model.files.length === 1 ? '' : 's'}, ${model.groups.length} group${model.groups.length === 1 ? '' : 's'}, ${programs} process${programs === 1 ? '' : 'es'}, ${model.warnings.length} warning${model.warnings.length === 1 ? '' : 's'})\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    if (options.json) {
      const { position, section, key, message } = error;
      process.stdout.write(JSON.stringify({ ok: false, file, errors: [{ message, position, section, key }], warnings: [] }, null, 2) + '\n');
      return 1;
    }
    process.stderr.write(`error: ${error.message}\n`);
    return 1;
  }
}
