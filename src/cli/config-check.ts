/**
 * `svwiz config check`: load the config as Supervisor would; an error exits 1 naming file:line,
 * section and key; warnings (what Supervisor silently ignores) are printed but do not fail.
 */
import { ConfigError } from '../errors.js';
import { loadSupervisorConfig } from '../config/load.js';
import type { ConfigWarning } from '../config/types.js';
import { resolveConfigFile } from './config-file-option.js';
import { renderJsonDocument } from '../protocol/json-document.js';

function formatWarning(w: ConfigWarning): string {
  const where = w.position ? `${w.position.file}:${w.position.line}: ` : '';
  return `warning: ${where}${w.message}`;
}

export async function runConfigCheck(options: { config?: string; json?: boolean }): Promise<number> {
  const file = resolveConfigFile(options.config);
  try {
    const model = await loadSupervisorConfig(file);
    if (options.json) {
      process.stdout.write(renderJsonDocument({ ok: true, file: model.file, files: model.files, errors: [], warnings: model.warnings }));
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
      process.stdout.write(renderJsonDocument({ ok: false, file, errors: [{ message, position, section, key }], warnings: [] }));
      return 1;
    }
    process.stderr.write(`error: ${error.message}\n`);
    return 1;
  }
}
