/**
 * Shared pieces of the svwizctl parity tests: the config every daemon runs, a runner for the
 * two clients (svwizctl and Debian's real supervisorctl), output masking (pids, uptimes, dates,
 * temp dirs, Python's file/line suffix) and the command list both clients run in lock step.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PYTHON_SUPERVISORCTL } from './python-supervisord.js';
import { testBin } from './bins.js';

export const SVWIZCTL_JS = testBin('svwizctl');

export type CtlClient = 'svwizctl' | 'supervisorctl';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Run one client with `args` and collect its output (killed after timeoutMs). */
export function runCtl(client: CtlClient, args: string[], options: RunOptions = {}): Promise<CliResult> {
  const [command, prefix] = client === 'svwizctl' ? [process.execPath, [SVWIZCTL_JS]] : [PYTHON_SUPERVISORCTL, []];
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, ...args], {
      env: { ...process.env, LANG: 'C.UTF-8', NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** The config both daemons run: deterministic programs covering every state and error. */
export function parityConfigText(dir: string, extra = ''): string {
  return `[unix_http_server]
file=${dir}/s.sock

[supervisord]
logfile=${dir}/supervisord.log
pidfile=${dir}/supervisord.pid
childlogdir=${dir}
identifier=parity

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://${dir}/s.sock

[program:cat]
command=/bin/cat
startsecs=0

[program:writer]
command=/bin/sh -c "printf 'line1\\nline2\\n'; printf 'err1\\n' >&2; exec /bin/sleep 1000"
startsecs=0

[program:a_program_with_a_really_long_name_x]
command=/bin/sleep 1000
startsecs=0

[program:missing]
command=/nonexistent/program
autostart=false

[program:fails]
command=/bin/false
autostart=false
startsecs=1
startretries=0

[program:manual]
command=/bin/sleep 1000
autostart=false
startsecs=0

[program:second]
command=/bin/sleep 1000
autostart=false
startsecs=0

[group:grp]
programs=manual,second
${extra}`;
}

export const ADDED_PROGRAM = `
[program:added]
command=/bin/sleep 1000
startsecs=0
`;

export function writeParityConfig(dir: string, extra = ''): string {
  const file = path.join(dir, 'supervisord.conf');
  writeFileSync(file, parityConfigText(dir, extra));
  return file;
}

/** Make two runs comparable: what differs by nature (pids, times, temp dirs) becomes a token. */
export function maskOutput(text: string, dirs: readonly string[]): string {
  let out = text;
  for (const dir of dirs) out = out.split(dir).join('DIR');
  return out
    .replace(/pid \d+, uptime (\d+ days?, )?\d+:\d\d:\d\d/g, 'pid PID, uptime UPTIME')
    .replace(/[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M/g, 'DATE')
    .replace(/^[1-9]\d*$/gm, 'PID')
    .replace(/: file: \S+ line: \d+$/gm, '');
}

export interface ParityStep {
  /** The action and its words, run with `-c CONFIG`. */
  args: string[];
  /** Change every daemon's config before this step (reread/update cases). */
  config?: 'with-added' | 'base';
  /** The daemon restarts: wait until it answers again before the next step. */
  restarts?: boolean;
  /**
   * One result line per process, listed in the order the processes finished: supervisord notices
   * exits in its poll loop, so two processes killed together come back in either order. Compared
   * as sorted lines.
   */
  unordered?: boolean;
  /**
   * Supervisor's own answer (exit code, and a pattern its masked stdout matches), held on both
   * sides: comparing two runs alone would pass a fault both share (no daemon, a broken config).
   */
  expect: { code: number; stdout: RegExp };
}

/** The absolute half of a parity step: this result is Supervisor's answer, not merely the other side's. */
export function assertExpectedAnswer(step: ParityStep, result: CliResult, maskedStdout: string, who: string): void {
  const what = `${who}: supervisorctl ${step.args.join(' ')}`;
  assert.equal(result.code, step.expect.code, `exit code of ${what} (stdout ${JSON.stringify(maskedStdout)})`);
  assert.match(maskedStdout, step.expect.stdout, `stdout of ${what}`);
}

/** The command list, part 1: reading state and controlling processes. */
export const PROCESS_STEPS: ParityStep[] = [
  { args: ['status'], expect: { code: 3, stdout: /^cat {2,}RUNNING {3}pid PID, uptime UPTIME$/m } },
  { args: ['status', 'cat'], expect: { code: 0, stdout: /^cat {2,}RUNNING {3}pid PID/ } },
  { args: ['status', 'nope'], expect: { code: 4, stdout: /^nope: ERROR \(no such process\)$/m } },
  { args: ['status', 'grp:*'], expect: { code: 3, stdout: /^grp:manual {2,}STOPPED {3}Not started\ngrp:second {2,}STOPPED/m } },
  { args: ['status', 'nog:*'], expect: { code: 4, stdout: /^nog: ERROR \(no such group\)$/m } },
  { args: ['status', 'cat', 'nope', 'grp:manual', 'all'], expect: { code: 3, stdout: /^grp:manual {2,}STOPPED/m } },
  { args: ['pid'], expect: { code: 0, stdout: /^PID\n$/ } },
  { args: ['pid', 'cat'], expect: { code: 0, stdout: /^PID\n$/ } },
  { args: ['pid', 'grp:manual'], expect: { code: 7, stdout: /^0\n$/ } },
  { args: ['pid', 'nope', 'cat'], expect: { code: 1, stdout: /^No such process nope\nPID\n$/ } },
  { args: ['pid', 'all'], expect: { code: 0, stdout: /^(PID|0)\n(PID|0)\n/ } },
  { args: ['avail'], expect: { code: 0, stdout: /^cat {2,}in use {4}auto {6}999:999$/m } },
  { args: ['avail', 'x'], expect: { code: 1, stdout: /^Error: avail accepts no arguments$/m } },
  { args: ['version'], expect: { code: 0, stdout: /^4\.2\.5\n$/ } },
  { args: ['version', 'x'], expect: { code: 1, stdout: /^Error: version accepts no arguments$/m } },
  { args: ['help'], expect: { code: 0, stdout: /default commands \(type help <topic>\):/ } },
  { args: ['help', 'tail'], expect: { code: 0, stdout: /^tail \[-f\] <name> \[stdout\|stderr\]/m } },
  { args: ['help', 'maintail'], expect: { code: 0, stdout: /^maintail -f/m } },
  { args: ['help', 'help'], expect: { code: 0, stdout: /^help <action>\tPrint help for <action>$/m } },
  { args: ['help', 'nope'], expect: { code: 0, stdout: /^\*\*\* No help on nope$/m } },
  { args: ['?status'], expect: { code: 0, stdout: /^status <gname>:\*\tGet status for all processes in a group$/m } },
  { args: ['foo', 'bar'], expect: { code: 1, stdout: /^\*\*\* Unknown syntax: foo bar$/m } },
  { args: ['!ls'], expect: { code: 1, stdout: /^\*\*\* Unknown syntax: !ls$/m } },
  { args: ['start'], expect: { code: 2, stdout: /^Error: start requires a process name$/m } },
  { args: ['start', 'manual'], expect: { code: 1, stdout: /^manual: ERROR \(no such process\)\n$/ } },
  { args: ['start', 'grp:manual'], expect: { code: 0, stdout: /^grp:manual: started\n$/ } },
  { args: ['start', 'grp:manual'], expect: { code: 0, stdout: /^grp:manual: ERROR \(already started\)\n$/ } },
  { args: ['start', 'grp:*'], expect: { code: 0, stdout: /^grp:second: started\n$/ } },
  { args: ['start', 'nog:*'], expect: { code: 2, stdout: /^nog: ERROR \(no such group\)\n$/ } },
  { args: ['start', 'missing'], expect: { code: 1, stdout: /^missing: ERROR \(no such file\)\n$/ } },
  { args: ['start', 'fails'], expect: { code: 7, stdout: /^fails: ERROR \(spawn error\)\n$/ } },
  { args: ['status', 'fails', 'missing'], expect: { code: 3, stdout: /^fails {2,}FATAL {5}Exited too quickly/m } },
  { args: ['stop', 'grp:*'], unordered: true, expect: { code: 0, stdout: /grp:manual: stopped/ } },
  { args: ['stop', 'grp:manual'], expect: { code: 0, stdout: /^grp:manual: ERROR \(not running\)\n$/ } },
  { args: ['stop', 'nope', 'nog:*'], expect: { code: 1, stdout: /^nope: ERROR \(no such process\)\nnog: ERROR \(no such group\)\n$/ } },
  { args: ['stop'], expect: { code: 1, stdout: /^Error: stop requires a process name$/m } },
  { args: ['restart', 'cat'], expect: { code: 0, stdout: /^cat: stopped\ncat: started\n$/ } },
  { args: ['restart'], expect: { code: 1, stdout: /^Error: restart requires a process name$/m } },
  { args: ['signal', 'HUP', 'cat'], expect: { code: 0, stdout: /^cat: signalled\n$/ } },
  { args: ['signal', 'BAD', 'cat'], expect: { code: 1, stdout: /^cat: ERROR \(bad signal name\)\n$/ } },
  { args: ['signal', 'HUP', 'grp:manual'], expect: { code: 7, stdout: /^grp:manual: ERROR \(not running\)\n$/ } },
  { args: ['signal', 'HUP', 'nog:*'], expect: { code: 1, stdout: /^nog: ERROR \(no such group\)\n$/ } },
  { args: ['signal', 'HUP'], expect: { code: 1, stdout: /^Error: signal requires a signal name and a process name$/m } },
  { args: ['signal', 'CONT', 'all'], expect: { code: 0, stdout: /^cat: signalled$/m } },
];

/** The command list, part 2: logs, config changes, the daemon itself (ends with shutdown). */
export const DAEMON_STEPS: ParityStep[] = [
  { args: ['tail', 'writer'], expect: { code: 0, stdout: /^line1\nline2\n/ } },
  { args: ['tail', '-5', 'writer'], expect: { code: 0, stdout: /^ine2\n/ } },
  { args: ['tail', 'writer', 'stderr'], expect: { code: 0, stdout: /^err1\n/ } },
  { args: ['tail', 'writer', 'bogus'], expect: { code: 1, stdout: /^Error: bad channel 'bogus'$/m } },
  { args: ['tail', '-x', 'writer'], expect: { code: 1, stdout: /^Error: bad argument -x$/m } },
  { args: ['tail'], expect: { code: 1, stdout: /^Error: too few arguments$/m } },
  { args: ['tail', 'a', 'b', 'c', 'd'], expect: { code: 1, stdout: /^Error: too many arguments$/m } },
  { args: ['tail', 'nope'], expect: { code: 1, stdout: /^nope: ERROR \(no such process name\)$/m } },
  { args: ['maintail', 'bogus'], expect: { code: 1, stdout: /^Error: bad argument bogus$/m } },
  { args: ['maintail', '-x'], expect: { code: 1, stdout: /^Error: bad argument -x$/m } },
  { args: ['maintail', 'a', 'b'], expect: { code: 1, stdout: /^Error: too many arguments$/m } },
  { args: ['clear', 'writer'], expect: { code: 0, stdout: /^writer: cleared\n$/ } },
  { args: ['tail', 'writer'], expect: { code: 0, stdout: /^\n?$/ } },
  { args: ['clear', 'grp:*', 'cat', 'nope'], expect: { code: 1, stdout: /^cat: cleared$/m } },
  { args: ['clear', 'grp:manual'], expect: { code: 0, stdout: /^grp:manual: cleared\n$/ } },
  { args: ['clear'], expect: { code: 1, stdout: /^Error: clear requires a process name$/m } },
  { args: ['clear', 'all'], expect: { code: 0, stdout: /^writer: cleared$/m } },
  { args: ['reread'], expect: { code: 0, stdout: /^No config updates to processes\n$/ } },
  { args: ['reread', 'x'], expect: { code: 1, stdout: /^Error: reread accepts no arguments$/m } },
  { args: ['update'], expect: { code: 0, stdout: /^\n?$/ } },
  { args: ['reread'], config: 'with-added', expect: { code: 0, stdout: /^added: available\n$/ } },
  { args: ['update', 'nope'], expect: { code: 1, stdout: /^ERROR: no such group: nope\n$/ } },
  { args: ['update'], expect: { code: 0, stdout: /^added: added process group\n$/ } },
  { args: ['status', 'added'], expect: { code: 0, stdout: /^added {2,}RUNNING {3}pid PID/ } },
  { args: ['add', 'nope'], expect: { code: 1, stdout: /^ERROR: no such process\/group: nope\n$/ } },
  { args: ['add', 'cat'], expect: { code: 0, stdout: /^ERROR: process group already active\n$/ } },
  { args: ['remove', 'cat'], expect: { code: 1, stdout: /^ERROR: process\/group still running: cat\n$/ } },
  { args: ['remove', 'nope'], expect: { code: 1, stdout: /^ERROR: no such process\/group: nope\n$/ } },
  { args: ['stop', 'added'], expect: { code: 0, stdout: /^added: stopped\n$/ } },
  { args: ['remove', 'added'], expect: { code: 0, stdout: /^added: removed process group\n$/ } },
  { args: ['add', 'added'], expect: { code: 0, stdout: /^added: added process group\n$/ } },
  { args: ['reread'], config: 'base', expect: { code: 0, stdout: /^added: disappeared\n$/ } },
  { args: ['update', 'all'], expect: { code: 0, stdout: /^added: stopped\nadded: removed process group\n$/ } },
  { args: ['status'], expect: { code: 3, stdout: /^cat {2,}RUNNING {3}pid PID, uptime UPTIME$/m } },
  { args: ['fg'], expect: { code: 1, stdout: /^ERROR: no process name supplied$/m } },
  { args: ['fg', 'a', 'b'], expect: { code: 1, stdout: /^ERROR: too many process names supplied\n$/ } },
  { args: ['fg', 'nope'], expect: { code: 1, stdout: /^ERROR: bad process name supplied\n$/ } },
  { args: ['fg', 'grp:manual'], expect: { code: 1, stdout: /^ERROR: process not running\n$/ } },
  { args: ['open', 'ftp://x'], expect: { code: 1, stdout: /^ERROR: url must be http:\/\/ or unix:\/\/\n$/ } },
  { args: ['reload', 'x'], expect: { code: 1, stdout: /^Error: reload accepts no arguments$/m } },
  { args: ['shutdown', 'x'], expect: { code: 1, stdout: /^Error: shutdown accepts no arguments$/m } },
  { args: ['reload'], restarts: true, expect: { code: 0, stdout: /^Restarted supervisord\n$/ } },
  { args: ['status'], expect: { code: 3, stdout: /^cat {2,}RUNNING {3}pid PID, uptime UPTIME$/m } },
  { args: ['quit'], expect: { code: 0, stdout: /^\n?$/ } },
  { args: ['exit'], expect: { code: 0, stdout: /^\n?$/ } },
  { args: ['EOF'], expect: { code: 0, stdout: /^\n?$/ } },
  { args: ['shutdown'], restarts: false, expect: { code: 0, stdout: /^Shut down\n$/ } },
];

/**
 * Wait before Ctrl-C so the client is idle in select(): Python's supervisorctl reports a SIGINT that
 * lands inside its read handler as "Cannot connect, error: KeyboardInterrupt", one in select() as a
 * plain exit, so interrupting right after output makes the two daemons' transcripts differ by luck.
 */
export const settleBeforeInterrupt = () => new Promise((resolve) => setTimeout(resolve, 300));

/** A client left running (tail -f, fg): read its output as it comes, type into it, interrupt it. */
export interface LiveCtl {
  output(): string;
  errors(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  type(text: string): void;
  endInput(): void;
  interrupt(): void;
  exited: Promise<number | null>;
  kill(): void;
}

export function startCtl(client: CtlClient, args: string[]): LiveCtl {
  const [command, prefix] = client === 'svwizctl' ? [process.execPath, [SVWIZCTL_JS]] : [PYTHON_SUPERVISORCTL, []];
  const child = spawn(command, [...prefix, ...args], { env: { ...process.env, LANG: 'C.UTF-8', NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    output: () => stdout,
    errors: () => stderr,
    async waitForOutput(pattern, timeoutMs = 15000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(stdout)) {
        if (Date.now() > deadline) throw new Error(`${client} ${args.join(' ')}: no ${pattern} in output ${JSON.stringify(stdout)} / ${JSON.stringify(stderr)}`);
        if (child.exitCode !== null) throw new Error(`${client} exited ${child.exitCode} before printing ${pattern}: ${JSON.stringify(stdout)} / ${JSON.stringify(stderr)}`);
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    },
    type: (text) => child.stdin.write(text),
    endInput: () => child.stdin.end(),
    interrupt: () => child.kill('SIGINT'),
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
