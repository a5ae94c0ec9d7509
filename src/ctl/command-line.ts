/**
 * Splits one command line into action and argument the way Python's cmd.Cmd.parseline does for
 * supervisorctl: `?x` means `help x`, the action is the leading run of letters, digits and `_`,
 * the rest (stripped) is the argument. Pure.
 */

export type ParsedLine =
  | { kind: 'empty' }
  | { kind: 'unknown'; line: string }
  | { kind: 'action'; action: string; arg: string; line: string };

const IDENT = /^[A-Za-z0-9_]*/;

export function parseCommandLine(raw: string): ParsedLine {
  let line = raw.trim();
  if (line === '') return { kind: 'empty' };
  if (line.startsWith('?')) line = `help ${line.slice(1)}`;
  // `!cmd` would run a shell in cmd.Cmd, but supervisorctl has no shell action.
  else if (line.startsWith('!')) return { kind: 'unknown', line };
  const action = IDENT.exec(line)![0];
  if (action === '') return { kind: 'unknown', line };
  return { kind: 'action', action, arg: line.slice(action.length).trim(), line };
}
