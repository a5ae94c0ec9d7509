/**
 * Checks on a program's command before it is written: Supervisor runs no shell (it splits the
 * command like POSIX shlex and execs it), so pipes, `&&`, redirects and `$VAR` do nothing there;
 * the program must be found on the supervisor's PATH; a script's #! interpreter must exist.
 * Pure scanning here; `inspectCommand` does the few file reads.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mapToRoot } from '../system/paths.js';
import { supervisorCommandSearch, which } from '../system/which.js';
import { readShebangLine, shebangInterpreter } from '../system/shebang.js';

/** The first word of a command as shlex would split it (quotes removed). */
export function firstWord(command: string): string {
  let word = '';
  let quote: string | null = null;
  let started = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && /["\\$`]/.test(command[i + 1] ?? '')) word += command[++i];
      else word += c;
      continue;
    }
    if (/\s/.test(c)) {
      if (started) break;
      continue;
    }
    started = true;
    if (c === '"' || c === "'") quote = c;
    else if (c === '\\') word += command[++i] ?? '';
    else word += c;
  }
  return word;
}

/** The word after the interpreter when the command is `python3 app.py`-like: the script to inspect. */
export function scriptArgument(command: string): string | null {
  const words = command.trim().split(/\s+/);
  const base = path.basename(firstWord(command));
  if (!/^(python[0-9.]*|node|nodejs|bash|sh|dash|perl|ruby|php)$/.test(base)) return null;
  const rest = words.slice(1);
  const argIndex = rest.findIndex((word) => !word.startsWith('-'));
  if (argIndex < 0) return null;
  // `sh -c CODE`, `python3 -m module`, `node -e CODE`: the next word is not a file.
  if (rest.slice(0, argIndex).some((word) => /^-(c|m|e|-eval|-command)$/.test(word))) return null;
  return rest[argIndex].replace(/^['"]|['"]$/g, '');
}

export interface CommandInspection {
  program: string;
  /** Absolute path the supervisor will exec, or null when not found. */
  resolved: string | null;
  /** The #! interpreter of the resolved file (or of the script argument) and where it resolves. */
  interpreter: { name: string; resolved: string | null } | null;
  /** Problems that will make the program fail to start. */
  problems: string[];
}

export function inspectCommand(command: string, PATH: string, options: { root?: string; directory?: string | null } = {}): CommandInspection {
  const root = options.root ?? '/';
  const program = firstWord(command);
  const problems: string[] = [];
  let resolved: string | null = null;
  if (!program) problems.push('the command is empty');
  else if (program.includes('/')) {
    const absolute = path.isAbsolute(program) ? program : path.resolve(options.directory ?? '/', program);
    resolved = which(absolute, '', root) ?? null;
    if (!resolved) problems.push(`${absolute} does not exist or is not executable (chmod +x it, or run it through its interpreter)`);
  } else {
    // Supervisor execs the first existing match, executable or not: the doctor and the daemon agree.
    const hit = supervisorCommandSearch(program, PATH.split(':'), (candidate) => existsSync(mapToRoot(root, candidate)));
    if (!hit) problems.push(`'${program}' is not on the supervisor's PATH (${PATH}); use its absolute path`);
    else if (!which(hit, '', root)) problems.push(`${hit}, the first '${program}' on the supervisor's PATH, is not executable (Supervisor does not look further)`);
    else resolved = hit;
  }
  let interpreter: CommandInspection['interpreter'] = null;
  const script = scriptArgument(command);
  const shebangSource = resolved && !script ? resolved : null;
  if (shebangSource) {
    const name = shebangInterpreter(readShebangLine(mapToRoot(root, shebangSource)));
    if (name) {
      const found = name.includes('/') ? (which(name, '', root) ?? null) : (which(name, PATH, root) ?? null);
      interpreter = { name, resolved: found };
      if (!found) problems.push(`${shebangSource} starts with #!${name}, which ${name.includes('/') ? 'does not exist' : "is not on the supervisor's PATH"}`);
    }
  }
  if (script) {
    const scriptPath = path.isAbsolute(script) ? script : path.resolve(options.directory ?? '/', script);
    try {
      readFileSync(mapToRoot(root, scriptPath));
    } catch {
      problems.push(`the script ${scriptPath} cannot be read${options.directory ? '' : ' (relative paths are taken from directory=)'}`);
    }
  }
  return { program, resolved, interpreter, problems };
}
