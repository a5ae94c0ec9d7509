/** Runs the built `svwiz` CLI as a user would, for the wizard's integration and e2e tests. */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive } from './processes.js';
import { testBin } from './bins.js';
import { waitFor } from './temp.js';

export const REPO = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const SVWIZ = testBin('svwiz');
export const SVWIZD = testBin('svwizd');
export const SVWIZCTL = testBin('svwizctl');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runSvwiz(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SVWIZ, ...args], { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`svwiz ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 90000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** Every file under DIR with its content (symlinks as "-> target"), for "nothing changed" checks. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      const rel = path.relative(dir, full);
      const st = statSync(full, { throwIfNoEntry: false });
      try {
        const link = execFileSync('readlink', [full]).toString().trim();
        out[rel] = `-> ${link}`;
        continue;
      } catch {
        /* not a symlink */
      }
      if (st?.isDirectory()) {
        out[rel + '/'] = `dir ${(st.mode & 0o7777).toString(8)}`;
        walk(full);
      } else if (st) out[rel] = `${(st.mode & 0o7777).toString(8)} ${readFileSync(full, 'utf8')}`;
    }
  };
  walk(dir);
  return out;
}

/** Kill the supervisor a test's init started (pid from its pidfile) and wait until it is gone. */
export async function stopByPidfile(pidFile: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!pid || !isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  await waitFor(`pid ${pid} to exit`, () => !isAlive(pid), { timeoutMs: 30000 });
}

/** Debian's Python parser as the oracle: the programs it parses from FILE, or its error. */
export function pythonParse(configFile: string): { ok: boolean; programs: string[]; output: string } {
  const script = [
    'import sys',
    'from supervisor.options import ServerOptions',
    'o = ServerOptions()',
    "o.realize(args=['-c', sys.argv[1]])",
    'for g in o.process_group_configs:',
    '    for p in g.process_configs:',
    "        print('PROGRAM', p.name, repr(sorted((p.environment or {}).items())))",
  ].join('\n');
  try {
    const output = execFileSync('/usr/bin/python3', ['-c', script, configFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, programs: output.split('\n').filter((l) => l.startsWith('PROGRAM ')).map((l) => l.split(' ')[1]), output };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, programs: [], output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}
