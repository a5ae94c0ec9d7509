/**
 * Python Supervisor's own config parser as a test oracle (test/oracle/supervisor_config_json.py,
 * run with Debian's /usr/bin/python3). Many configs go through ONE python process (--batch).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, testBin } from './bins.js';

export { REPO_ROOT };
export const ORACLE_SCRIPT = path.join(REPO_ROOT, 'test/oracle/supervisor_config_json.py');
export const SVWIZ_BIN = testBin('svwiz');
export const PYTHON = '/usr/bin/python3';

export type OracleResult = { ok: true; config: Record<string, unknown> } | { ok: false; error: string };

/** A fixed environment for both sides, so ENV_x expansions and `%s` reprs agree. */
export function oracleEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: '/root',
    LANG: 'C.UTF-8',
    SVWIZ_FIXTURE_VAR: 'fixture-value',
    SVWIZ_NUM: '4',
    SVWIZ_WORD: 'word',
    ...extra,
  };
}

/** Load every config with Python Supervisor; results in the same order. Fails loudly if Python Supervisor is missing. */
export async function runOracle(requests: { file: string; cwd: string }[], env = oracleEnv()): Promise<OracleResult[]> {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: install Debian's python3 and supervisor (apt-get install -y supervisor)`);
  const child = spawn(PYTHON, [ORACLE_SCRIPT, '--batch'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(requests.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const lines = stdout.split('\n').filter(Boolean);
  if (code !== 0 || lines.length !== requests.length) {
    throw new Error(`oracle failed (exit ${code}, ${lines.length}/${requests.length} answers): ${stderr.slice(-2000)}`);
  }
  return lines.map((line) => JSON.parse(line) as OracleResult);
}

/** Supervisor's core message without its " in section 'x' (file: 'y')" suffix. */
export function coreMessage(pythonError: string): string {
  return pythonError.replace(/ in section '.*' \(file: '.*'\)$/s, '');
}
