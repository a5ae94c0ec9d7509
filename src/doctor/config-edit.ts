/**
 * Plans that edit a config file in place through the config helper's INI editor, so every other
 * byte (comments, spacing, order) is kept. The file is read when the plan is built, which is just
 * before it is applied: two fixes to one file each see the other's result.
 */
import type { Plan } from '../plan/types.js';
import type { DoctorContext } from './types.js';

export async function planConfigEdit(ctx: DoctorContext, file: string, edit: (text: string) => string, reason: string, title = reason): Promise<Plan | undefined> {
  const before = ctx.files.readText(file);
  if (before === undefined) throw new Error(`cannot read ${file}`);
  const after = edit(before);
  if (after === before) return undefined;
  return { title, operations: [{ kind: 'write', path: file, content: after, reason }] };
}

export async function setKeyPlan(ctx: DoctorContext, file: string, section: string, key: string, value: string, reason: string): Promise<Plan | undefined> {
  const { setIniKey } = await import('../config/ini-editor.js');
  return planConfigEdit(ctx, file, (text) => setIniKey(text, section, key, value), reason);
}
