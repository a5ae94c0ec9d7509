/**
 * The questions of `svwiz add-program`, each with its flag. Defaults: the program restarts
 * when it dies, must stay up 3 s to count as started, and logs to two small rotated files
 * (SD-card friendly: 1MB x 3 backups each).
 */
import path from 'node:path';
import { UsageError, UserError } from '../errors.js';
import { findUser, readAccountsSync } from '../system/users.js';
import { inspectCommand, firstWord, scriptArgument } from './command-check.js';
import { wrapInShell } from '../shell/quote.js';
import { detectShellSyntax } from '../shell/shell-syntax.js';
import type { OfferedVariable } from './login-env.js';
import { validateProgramName } from './plan-program.js';
import type { PromptSession } from './prompts.js';
import { PROGRAM_FLAGS as FLAGS, type ProgramFlags } from './flags.js';
import type { ProgramAnswers } from './types.js';
import { marksFor } from '../system/terminal-style.js';

export interface ProgramQuestionFacts {
  root: string;
  logDir: string;
  /** PATH the supervisor gives its children. */
  supervisorPath: string;
  existingNames: string[];
  /** The user a program runs as by default: the person behind sudo, else nobody in particular. */
  defaultUser: string | null;
  /** Non-root supervisors cannot switch user. */
  canSwitchUser: boolean;
  supervisorUser: string;
}

export function parseEnvFlag(pairs: string[] | undefined): [string, string][] {
  return (pairs ?? []).map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`${FLAGS.env.label}: '${pair}' is not KEY=VALUE`);
    return [pair.slice(0, eq), pair.slice(eq + 1)];
  });
}

/** A program's own directory is a better working dir than the supervisor's (/). */
export function defaultDirectory(command: string): string | null {
  const script = scriptArgument(command);
  const target = script ?? firstWord(command);
  if (!path.isAbsolute(target)) return null;
  const dir = path.dirname(target);
  return /^\/(usr\/)?(local\/)?s?bin$/.test(dir) ? null : dir;
}

export async function askProgramBasics(session: PromptSession, flags: ProgramFlags, facts: ProgramQuestionFacts, print: (text: string) => void) {
  const accounts = readAccountsSync(facts.root);
  const name = await session.input({
    flag: 'the NAME argument',
    message: 'Program name',
    given: flags.name,
    validate: (value) => {
      const valid = validateProgramName(value);
      if (valid !== true) return valid;
      return facts.existingNames.includes(value) ? `'${value}' already exists; pick another name or run 'svwiz remove-program ${value}'` : true;
    },
  });
  let command = await session.input({
    flag: FLAGS.command.label,
    message: 'Command to run (absolute paths are safest)',
    given: flags.command,
    validate: (value) => (value.trim() ? true : 'a command is required'),
  });
  const shellSyntax = detectShellSyntax(command);
  if (shellSyntax.length) {
    print(`Supervisor runs no shell, so ${shellSyntax.map((f) => `${f.what} (${f.token})`).join(', ')} would not work as written.`);
    const wrap = await session.confirm({ flag: FLAGS.shell.label, message: `Run it as: ${wrapInShell(command)} ?`, given: flags.shell, default: true });
    if (wrap) command = wrapInShell(command);
  }
  const directoryText = await session.input({
    flag: FLAGS.directory.label,
    message: 'Working directory (empty: none)',
    given: flags.directory,
    default: defaultDirectory(command) ?? '',
    validate: (value) => (!value || path.isAbsolute(value) ? true : `'${value}' is not absolute (Supervisor does not expand ~ or relative paths here)`),
  });
  const directory = directoryText || null;
  const inspection = inspectCommand(command, facts.supervisorPath, { root: facts.root, directory });
  if (inspection.problems.length) {
    print(inspection.problems.map((problem) => `! ${problem}`).join('\n'));
    const keep = await session.confirm({ flag: FLAGS.force.label, message: 'Add it anyway?', given: flags.force, default: false });
    if (!keep) throw new UserError(`not added: ${inspection.problems[0]}${session.interactive ? '' : ` (pass ${FLAGS.force.label} to add it anyway)`}`);
  } else if (inspection.resolved) {
    print(`${marksFor().ok} ${inspection.program} ${marksFor().arrow} ${inspection.resolved}${inspection.interpreter ? ` (#!${inspection.interpreter.name} ${marksFor().arrow} ${inspection.interpreter.resolved})` : ''}`);
  }
  const userText = await session.input({
    flag: FLAGS.user.label,
    message: 'Run as user (empty: the supervisor\'s user)',
    given: flags.user,
    default: facts.defaultUser ?? '',
    validate: (value) => {
      if (!value) return true;
      if (!findUser(accounts, value)) return `unknown user '${value}'`;
      if (!facts.canSwitchUser && value !== facts.supervisorUser) return `a supervisor running as ${facts.supervisorUser} cannot run programs as ${value}`;
      return true;
    },
  });
  return { name, command, directory, user: userText || null };
}

export async function askProgramRest(
  session: PromptSession,
  flags: ProgramFlags,
  facts: ProgramQuestionFacts,
  basics: { name: string; command: string; directory: string | null; user: string | null },
  offered: OfferedVariable[],
): Promise<ProgramAnswers> {
  const autostart = await session.confirm({ flag: FLAGS.autostart.label, message: 'Start it when the supervisor starts?', given: flags.autostart, default: true });
  const autorestart = await session.select<'true' | 'false' | 'unexpected'>({
    flag: FLAGS.autorestart.label,
    message: 'Restart it when it exits?',
    given: flags.autorestart,
    default: 'true',
    choices: [
      { name: 'always (true)', value: 'true' },
      { name: 'only on unexpected exit codes (unexpected)', value: 'unexpected' },
      { name: 'never (false)', value: 'false' },
    ],
  });
  const startsecs = await session.integer({ flag: FLAGS.startsecs.label, message: 'Seconds it must stay up to count as started', given: flags.startsecs, default: 3, min: 0 });
  const startretries = await session.integer({ flag: FLAGS.startretries.label, message: 'Start attempts before giving up', given: flags.startretries, default: 3, min: 0 });
  const priority = await session.integer({ flag: FLAGS.priority.label, message: 'Priority (lower starts first)', given: flags.priority, default: 999 });
  const stdoutLogfile = await session.input({
    flag: FLAGS.stdoutLog.label,
    message: 'Output log file',
    given: flags.stdoutLog,
    default: path.join(facts.logDir, `${basics.name}.out.log`),
    validate: (value) => (path.isAbsolute(value) || ['AUTO', 'NONE'].includes(value) ? true : 'an absolute path, AUTO or NONE'),
  });
  const redirectStderr = flags.redirectStderr ?? false;
  const stderrLogfile = redirectStderr
    ? null
    : await session.input({
        flag: FLAGS.stderrLog.label,
        message: 'Error log file',
        given: flags.stderrLog,
        default: path.join(facts.logDir, `${basics.name}.err.log`),
        validate: (value) => (path.isAbsolute(value) || ['AUTO', 'NONE'].includes(value) ? true : 'an absolute path, AUTO or NONE'),
      });
  const logMaxbytes = await session.input({
    flag: FLAGS.logMaxbytes.label,
    message: 'Rotate logs at',
    given: flags.logMaxbytes,
    default: '1MB',
    validate: (value) => (/^\d+(KB|MB|GB)?$/i.test(value) ? true : 'a size such as 1MB, 500KB or 0 (never rotate)'),
  });
  const logBackups = await session.integer({ flag: FLAGS.logBackups.label, message: 'Rotated logs to keep', given: flags.logBackups, default: 3, min: 0 });

  const environment: [string, string][] = [];
  if (offered.length) {
    const chosen = await session.checkbox<string>({
      flag: FLAGS.loginEnv.label,
      message: `Variables from ${basics.user ?? facts.supervisorUser}'s login shell that the supervisor would not give the program`,
      given: flags.loginEnv === undefined ? undefined : flags.loginEnv ? offered.map((o) => o.key) : [],
      default: offered.map((o) => o.key),
      choices: offered.map((o) => ({ name: `${o.key}=${o.value}`, value: o.key, description: o.why, checked: true })),
    });
    for (const variable of offered) if (chosen.includes(variable.key)) environment.push([variable.key, variable.value]);
  }
  for (const [key, value] of parseEnvFlag(flags.env)) {
    const at = environment.findIndex(([k]) => k === key);
    if (at >= 0) environment[at] = [key, value];
    else environment.push([key, value]);
  }
  return {
    ...basics,
    autostart,
    autorestart,
    startsecs,
    startretries,
    priority,
    stdoutLogfile,
    stderrLogfile,
    redirectStderr,
    logMaxbytes,
    logBackups,
    environment,
    stopAsGroup: basics.command.startsWith('/bin/sh -c '),
  };
}
