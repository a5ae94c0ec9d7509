/**
 * `--dry-run` view of a plan: a unified diff for every file write (against what is on disk now,
 * under `--root`) and one line for every other operation.
 */
import { readFile } from 'node:fs/promises';
import { createTwoFilesPatch } from 'diff';
import type { Plan, PlanOperation } from './types.js';
import { formatMode, mapToRoot } from '../system/paths.js';
import { shellQuote } from '../shell/quote.js';

export async function renderPlanDiff(plan: Plan, root?: string): Promise<string> {
  const parts: string[] = [`# ${plan.title}`];
  for (const op of plan.operations) {
    if (op.kind === 'write') {
      const current = await readFile(mapToRoot(root, op.path), 'utf8').catch(() => undefined);
      if (current === op.content) {
        parts.push(`= ${op.path} already up to date (${op.reason})`);
        continue;
      }
      const header = current === undefined ? `create ${op.path}` : `edit ${op.path}`;
      const extra = [op.mode !== undefined ? `mode ${formatMode(op.mode)}` : '', op.owner ? `owner ${op.owner}` : ''].filter(Boolean).join(', ');
      parts.push(`${header}${extra ? ` (${extra})` : ''}: ${op.reason}`);
      parts.push(
        createTwoFilesPatch(current === undefined ? '/dev/null' : op.path, op.path, current ?? '', op.content, undefined, undefined, { context: 3 })
          .split('\n')
          .filter((line) => !line.startsWith('====='))
          .join('\n')
          .trimEnd(),
      );
    } else parts.push(describeOperation(op));
  }
  return parts.join('\n') + '\n';
}

/** One line per non-write operation, as a shell-ish command plus the reason. */
export function describeOperation(op: PlanOperation): string {
  switch (op.kind) {
    case 'write':
      return `write ${op.path}  # ${op.reason}`;
    case 'mkdir':
      return `mkdir ${op.mode !== undefined ? `-m ${formatMode(op.mode)} ` : ''}${op.path}${op.owner ? ` && chown ${op.owner} ${op.path}` : ''}  # ${op.reason}`;
    case 'chmod':
      return `chmod ${formatMode(op.mode)} ${op.path}  # ${op.reason}`;
    case 'chown':
      return `chown ${op.owner} ${op.path}  # ${op.reason}`;
    case 'unlink':
      return `rm ${op.path}  # ${op.reason}`;
    case 'symlink':
      return `ln -s ${op.target} ${op.path}  # ${op.reason}`;
    case 'exec':
      return `${op.argv.map(shellQuote).join(' ')}  # ${op.reason}`;
  }
}

