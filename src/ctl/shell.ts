/**
 * The interactive svwizctl shell: shows `status` first, then reads commands at `<prompt>> ` with
 * tab completion and history until quit, exit, Ctrl-D or Ctrl-C. Always exits 0, as
 * supervisorctl's shell does.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Controller } from './controller.js';
import { completeActions, completeGroups, completeProcesses, completionContext } from './completion.js';
import type { ProcessTerminal } from './terminal.js';

/** Completion for node:readline: [matches, the word they replace]. */
export function shellCompleter(ctl: Controller) {
  return (line: string, callback: (error: null | Error, result: [string[], string]) => void): void => {
    const { word, need } = completionContext(line);
    if (need === 'actions') return callback(null, [completeActions(word), word]);
    if (need === 'none') return callback(null, [[], word]);
    ctl.completionProcesses().then(
      (infos) => callback(null, [need === 'groups' ? completeGroups(word, infos) : completeProcesses(word, infos), word]),
      () => callback(null, [[], word]),
    );
  };
}

/** History file lines, oldest first (readline's plain format); missing or unreadable = none. */
export async function readHistory(file: string | null): Promise<string[]> {
  if (!file) return [];
  try {
    return (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '' && line !== '_HiStOrY_V2_');
  } catch {
    return [];
  }
}

export async function runShell(ctl: Controller, terminal: ProcessTerminal): Promise<number> {
  let interrupted = false;
  const stop = new AbortController();
  terminal.onIdleInterrupt(() => {
    interrupted = true;
    stop.abort();
  });
  let done = await ctl.runLine('status');
  while (!done) {
    const line = await terminal.readLine(`${ctl.settings.prompt}> `, stop.signal);
    if (line === null) {
      // Ctrl-C prints an empty line; Ctrl-D runs EOF, which prints one too.
      if (interrupted) ctl.output('');
      else await ctl.runLine('EOF');
      break;
    }
    done = await ctl.runLine(line);
  }
  if (ctl.settings.historyFile) {
    // readline keeps newest first; the file keeps oldest first.
    const lines = [...terminal.history()].reverse();
    await writeFile(ctl.settings.historyFile, lines.map((line) => `${line}\n`).join('')).catch(() => undefined);
  }
  return 0;
}
