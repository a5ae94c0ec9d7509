/**
 * Existing files are never overwritten silently: each write that would change a file already
 * there is shown as a diff and confirmed (the applier backs it up). A file svwiz wrote itself is
 * replaced by default; anyone else's needs an explicit yes (--overwrite).
 */
import { readFile } from 'node:fs/promises';
import { createTwoFilesPatch } from 'diff';
import { mapToRoot } from '../system/paths.js';
import type { Plan } from '../plan/types.js';
import type { PromptSession } from './prompts.js';

export interface ChangedFile {
  path: string;
  current: string;
  next: string;
  ours: boolean;
}

export async function changedExistingFiles(plans: Plan[], root: string): Promise<ChangedFile[]> {
  const changed: ChangedFile[] = [];
  for (const plan of plans) {
    for (const op of plan.operations) {
      if (op.kind !== 'write') continue;
      const current = await readFile(mapToRoot(root, op.path), 'utf8').catch(() => undefined);
      if (current === undefined || current === op.content) continue;
      changed.push({ path: op.path, current, next: op.content, ours: /Written by svwiz|"version": 1/.test(current) });
    }
  }
  return changed;
}

export function diffOf(file: ChangedFile): string {
  return createTwoFilesPatch(file.path, file.path, file.current, file.next, 'now', 'after', { context: 2 })
    .split('\n')
    .filter((line) => !line.startsWith('====='))
    .join('\n');
}

/** Show each diff and ask; a refusal ends the command before anything is written. */
export async function confirmOverwrites(session: PromptSession, files: ChangedFile[], flag: boolean | undefined, print: (text: string) => void): Promise<boolean> {
  for (const file of files) {
    print(`${file.path} exists and would change (a backup is kept under /var/backups/svwiz):\n${diffOf(file)}`);
    const ok = await session.confirm({
      flag: '--overwrite',
      message: `Replace ${file.path}?`,
      given: flag,
      default: file.ours ? true : undefined,
    });
    if (!ok) return false;
  }
  return true;
}
