/**
 * Shared pieces of the svwizctl parity tests: the config every daemon runs, a runner for the
 * two clients (svwizctl and Debian's real supervisorctl), output masking (pids, uptimes, dates,
 * temp dirs, Python's file/line suffix) and the command list both clients run in lock step.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PYTHON_SUPERVISORCTL } from './python-supervisord.js';
import { testBin } from './bins.js';

export const SVWIZCTL_JS = testBin('svwizctl');
export const SVWIZD_JS = testBin('svwizd');

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
}

/** The command list, part 1: reading state and controlling processes. */
export const PROCESS_STEPS: ParityStep[] = [
  { args: ['status'] },
  { args: ['status', 'cat'] },
  { args: ['status', 'nope'] },
  { args: ['status', 'grp:*'] },
  { args: ['status', 'nog:*'] },
  { args: ['status', 'cat', 'nope', 'grp:manual', 'all'] },
  { args: ['pid'] },
  { args: ['pid', 'cat'] },
  { args: ['pid', 'grp:manual'] },
  { args: ['pid', 'nope', 'cat'] },
  { args: ['pid', 'all'] },
  { args: ['avail'] },
  { args: ['avail', 'x'] },
  { args: ['version'] },
  { args: ['version', 'x'] },
  { args: ['help'] },
  { args: ['help', 'tail'] },
  { args: ['help', 'maintail'] },
  { args: ['help', 'help'] },
  { args: ['help', 'nope'] },
  { args: ['?status'] },
  { args: ['foo', 'bar'] },
  { args: ['!ls'] },
  { args: ['start'] },
  { args: ['start', 'manual'] },
  { args: ['start', 'grp:manual'] },
  { args: ['start', 'grp:manual'] },
  { args: ['start', 'grp:*'] },
  { args: ['start', 'nog:*'] },
  { args: ['start', 'missing'] },
  { args: ['start', 'fails'] },
  { args: ['status', 'fails', 'missing'] },
  { args: ['stop', 'grp:*'], unordered: true },
  { args: ['stop', 'grp:manual'] },
  { args: ['stop', 'nope', 'nog:*'] },
  { args: ['stop'] },
  { args: ['restart', 'cat'] },
  { args: ['restart'] },
  { args: ['signal', 'HUP', 'cat'] },
  { args: ['signal', 'BAD', 'cat'] },
  { args: ['signal', 'HUP', 'grp:manual'] },
  { args: ['signal', 'HUP', 'nog:*'] },
  { args: ['signal', 'HUP'] },
  { args: ['signal', 'CONT', 'all'] },
];

/** The command list, part 2: logs, config changes, the daemon itself (ends with shutdown). */
export const DAEMON_STEPS: ParityStep[] = [
  { args: ['tail', 'writer'] },
  { args: ['tail', '-5', 'writer'] },
  { args: ['tail', 'writer', 'stderr'] },
  { args: ['tail', 'writer', 'bogus'] },
  { args: ['tail', '-x', 'writer'] },
  { args: ['tail'] },
  { args: ['tail', 'a', 'b', 'c', 'd'] },
  { args: ['tail', 'nope'] },
  { args: ['maintail', 'bogus'] },
  { args: ['maintail', '-x'] },
  { args: ['maintail', 'a', 'b'] },
  { args: ['clear', 'writer'] },
  { args: ['tail', 'writer'] },
  { args: ['clear', 'grp:*', 'cat', 'nope'] },
  { args: ['clear', 'grp:manual'] },
  { args: ['clear'] },
  { args: ['clear', 'all'] },
  { args: ['reread'] },
  { args: ['reread', 'x'] },
  { args: ['update'] },
  { args: ['reread'], config: 'with-added' },
  { args: ['update', 'nope'] },
  { args: ['update'] },
  { args: ['status', 'added'] },
  { args: ['add', 'nope'] },
  { args: ['add', 'cat'] },
  { args: ['remove', 'cat'] },
  { args: ['remove', 'nope'] },
  { args: ['stop', 'added'] },
  { args: ['remove', 'added'] },
  { args: ['add', 'added'] },
  { args: ['reread'], config: 'base' },
  { args: ['update', 'all'] },
  { args: ['status'] },
  { args: ['fg'] },
  { args: ['fg', 'a', 'b'] },
  { args: ['fg', 'nope'] },
  { args: ['fg', 'grp:manual'] },
  { args: ['open', 'ftp://x'] },
  { args: ['reload', 'x'] },
  { args: ['shutdown', 'x'] },
  { args: ['reload'], restarts: true },
  { args: ['status'] },
  { args: ['quit'] },
  { args: ['exit'] },
  { args: ['EOF'] },
  { args: ['shutdown'], restarts: false },
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
