/**
 * Tab completion in the svwizctl shell, as supervisorctl completes: actions first, then group
 * names for add/remove/update and process names (or `group:*`) for the process commands. Pure.
 */
import { ACTIONS } from './help-text.js';

const GROUP_ACTIONS = new Set(['add', 'remove', 'update']);
const PROCESS_ACTIONS = new Set(['clear', 'fg', 'pid', 'restart', 'signal', 'start', 'status', 'stop', 'tail']);

export type CompletionNeed = 'actions' | 'groups' | 'processes' | 'none';

/** The word being completed (after the last blank) and what kind of names complete it. */
export function completionContext(line: string): { word: string; need: CompletionNeed } {
  const word = /\S*$/.exec(line)![0];
  if (line.trim() === '') return { word, need: 'actions' };
  const words = line.trim().split(/\s+/);
  if (words.length === 1 && !/\s$/.test(line)) return { word, need: 'actions' };
  const action = words[0];
  if (action === 'help') return { word, need: 'actions' };
  if (GROUP_ACTIONS.has(action)) return { word, need: 'groups' };
  if (PROCESS_ACTIONS.has(action)) return { word, need: 'processes' };
  return { word, need: 'none' };
}

export function completeActions(word: string): string[] {
  return ['help', ...ACTIONS].filter((action) => action.startsWith(word)).map((action) => `${action} `);
}

export function completeGroups(word: string, infos: readonly { group: string }[]): string[] {
  const groups = [...new Set(infos.map((info) => info.group))];
  return groups.filter((group) => group.startsWith(word)).map((group) => `${group} `);
}

export function completeProcesses(word: string, infos: readonly { group: string; name: string }[]): string[] {
  const names: string[] = [];
  for (const info of infos) {
    if (word.includes(':') || info.name !== info.group) {
      names.push(`${info.group}:${info.name}`);
      if (!names.includes(`${info.group}:*`)) names.push(`${info.group}:*`);
    } else {
      names.push(info.name);
    }
  }
  return names.filter((name) => name.startsWith(word)).map((name) => `${name} `);
}
