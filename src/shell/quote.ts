/** Quoting for sh: what svwiz writes into init scripts, plan listings and `sh -c` wrappers. */

/** POSIX single-quoting, which Supervisor's shlex split undoes exactly. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `a | b` → `/bin/sh -c 'a | b'`: the shell Supervisor does not start for you. */
export function wrapInShell(command: string): string {
  return `/bin/sh -c ${shellQuote(command)}`;
}
