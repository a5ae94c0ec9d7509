/** `svwiz remove-program NAME`: delete (back up) its file, then reread + update stops and removes it. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { applyPlan } from '../plan/apply.js';
import { backupDirFrom } from './backup-dir.js';
import { mapToRoot } from '../system/paths.js';
import { renderPlanDiff } from '../plan/render.js';
import { resolveTarget, type ProgramCommandOptions } from './add-program-flow.js';
import { planRemoveProgram } from './plan-program.js';
import { PromptSession, decideInteractive } from './prompts.js';
import { connect, rereadAndUpdate } from './supervisor-control.js';
import { marksFor } from '../system/terminal-style.js';

/** Pure: the program-like sections a file defines. */
export function programSectionsOf(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/^\[(program|fcgi-program|eventlistener):([^\]]+)\]/gm)) names.push(match[2]);
  return names;
}

/** Files in the include dir that define NAME, and whether each defines only it. */
export function filesDefining(root: string, includeDir: string, name: string): { file: string; only: boolean }[] {
  const found: { file: string; only: boolean }[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(mapToRoot(root, includeDir));
  } catch {
    return found;
  }
  for (const entry of entries.sort()) {
    const file = path.join(includeDir, entry);
    let text = '';
    try {
      text = readFileSync(mapToRoot(root, file), 'utf8');
    } catch {
      continue;
    }
    const sections = programSectionsOf(text);
    if (sections.includes(name)) found.push({ file, only: sections.every((s) => s === name) });
  }
  return found;
}

export async function runRemoveProgram(name: string, options: ProgramCommandOptions): Promise<number> {
  const out = options.out ?? ((text: string) => process.stdout.write(text + '\n'));
  const env = options.env ?? process.env;
  const root = path.resolve(options.root ?? '/');
  const { target } = await resolveTarget({ root, config: options.config, env });
  const files = filesDefining(root, target.includeDir, name);
  if (!files.length) throw new UserError(`no file in ${target.includeDir} defines [program:${name}]`);
  const shared = files.filter((f) => !f.only);
  if (shared.length) throw new UserError(`${shared[0].file} defines other programs too; remove the [program:${name}] section from it by hand`);
  const plan = planRemoveProgram(name, files.map((f) => f.file));
  if (options.dryRun) {
    out(await renderPlanDiff(plan, root));
    out('Dry run: nothing was changed.');
    return 0;
  }
  const session = new PromptSession({
    interactive: decideInteractive({ yes: options.yes, interactive: options.interactive, stdinIsTTY: options.stdinIsTTY ?? process.stdin.isTTY, stdoutIsTTY: options.stdoutIsTTY ?? process.stdout.isTTY, env }),
    context: options.promptContext,
    implementations: options.promptImplementations,
  });
  const go = await session.confirm({ flag: '--yes', message: `Stop ${name} and delete ${files.map((f) => f.file).join(', ')} (a backup is kept)?`, default: true });
  if (!go) {
    out('Nothing was changed.');
    return 1;
  }
  const manifest = await applyPlan(plan, { root, backupDir: backupDirFrom(env) });
  for (const entry of manifest.entries) if (entry.operation.kind === 'unlink') out(`${marksFor().ok} removed ${entry.operation.path}${entry.backup ? ` (backup: ${entry.backup})` : ''}`);
  if (root !== '/') return 0;
  const client = connect(target.serverUrl, target.auth);
  try {
    const update = await rereadAndUpdate(client, [name]);
    out(update.removed.includes(name) ? `${marksFor().ok} stopped and removed ${name} from the running supervisor` : `${name} was not loaded in the running supervisor`);
    return 0;
  } catch (error) {
    out(`! the supervisor at ${target.serverUrl} did not answer (${(error as Error).message}); ${name} goes away at its next start`);
    return 0;
  } finally {
    client.close();
  }
}
