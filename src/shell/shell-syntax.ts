/**
 * Whether a command needs a shell: Supervisor splits `command=` like POSIX shlex and execs it with
 * no shell, so every operator sh would act on (`;`, `|`, `&&`, `&`, redirects even inside a word
 * such as `a>b`, `$VAR`, backquotes, a leading `~`, globs like `*.csv`) reaches the program as a
 * literal argument instead. Read the way sh reads it (quotes and backslashes respected). The
 * wizard's question and the doctor's `command` check both ask this module.
 */

export interface ShellSyntaxFinding {
  what: string;
  token: string;
}

/** Unquoted shell operators in COMMAND (quote- and backslash-aware, like sh reads it). */
export function detectShellSyntax(command: string): ShellSyntaxFinding[] {
  const found: ShellSyntaxFinding[] = [];
  const add = (what: string, token: string) => {
    if (!found.some((f) => f.token === token)) found.push({ what, token });
  };
  let quote: '"' | "'" | null = null;
  let wordStart = true;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    const next = command[i + 1] ?? '';
    if (quote === "'") {
      if (c === "'") quote = null;
      continue;
    }
    if (c === '\\') {
      i++;
      wordStart = false;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '$' && /[A-Za-z_{(]/.test(next)) add('variable or command substitution', next === '(' ? '$(' : '$VAR');
      else if (c === '`') add('command substitution', '`');
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      wordStart = false;
      continue;
    }
    if (/\s/.test(c)) {
      wordStart = true;
      continue;
    }
    if (c === '|' && next === '|') add('"or" list', '||'), i++;
    else if (c === '|') add('pipe', '|');
    else if (c === '&' && next === '&') add('"and" list', '&&'), i++;
    else if (c === '&' && next !== '>') add('background job', '&');
    else if (c === ';') add('command list', ';');
    else if (c === '>' || c === '<' || (c === '&' && next === '>')) {
      add('redirect', c === '&' ? '&>' : c);
      // `2>&1`, `>>`, `&>`: the rest of the operator is part of this redirect.
      while (/[>&]/.test(command[i + 1] ?? '')) i++;
    }
    else if (c === '$' && /[A-Za-z_{(]/.test(next)) add('variable or command substitution', next === '(' ? '$(' : '$VAR');
    else if (c === '`') add('command substitution', '`');
    else if (c === '~' && wordStart) add('home directory (~)', '~');
    else if ((c === '*' || c === '?') && !found.some((f) => f.token === c)) add('glob', c);
    wordStart = false;
  }
  return found;
}
