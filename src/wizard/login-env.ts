/**
 * Environment a program has in its user's login shell but not under the supervisor, which
 * starts no shell (reference §6.4, the seed's PYTHONPATH/LD_LIBRARY_PATH story). We compare
 * `su - USER -c env` with the supervisor's own environment and offer the variables that change
 * how programs are found and loaded.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface OfferedVariable {
  key: string;
  value: string;
  why: string;
}

const NAMED: Record<string, string> = {
  PYTHONPATH: 'Python module search path',
  PYTHONHOME: 'Python installation',
  VIRTUAL_ENV: 'Python virtualenv',
  CONDA_PREFIX: 'conda environment',
  LD_LIBRARY_PATH: 'shared-library search path (must be set before the program starts)',
  LD_PRELOAD: 'preloaded libraries',
  NODE_PATH: 'Node.js module search path',
  NODE_ENV: 'Node.js environment',
  GEM_PATH: 'Ruby gems',
  GEM_HOME: 'Ruby gems',
  PERL5LIB: 'Perl modules',
  JAVA_HOME: 'Java installation',
  CLASSPATH: 'Java classes',
  LANG: 'locale (without it Python may fail to decode non-ASCII text)',
  LC_ALL: 'locale',
};

/** Login-shell bookkeeping that never belongs in environment=. */
const NOISE = /^(_|PWD|OLDPWD|SHLVL|TERM|MAIL|MOTD_SHOWN|HUSHLOGIN|SHELL|LOGNAME|XDG_.*|SSH_.*|DBUS_.*|DISPLAY|COLORTERM|LS_COLORS|SUDO_.*|TMUX.*|SUPERVISOR_.*)$/;

/** `env -0` output → map. */
export function parseEnvZero(output: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of output.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/** PATH dirs of the login shell that the supervisor lacks, in login order, e.g. ~/.local/bin. */
export function pathAdditions(loginPath: string, supervisorPath: string): string[] {
  const have = new Set(supervisorPath.split(':').filter(Boolean));
  const added: string[] = [];
  for (const dir of loginPath.split(':')) if (dir && !have.has(dir) && !added.includes(dir)) added.push(dir);
  return added;
}

/**
 * Pure: what to offer. A named variable or a *PATH/*_HOME one that is missing or different
 * under the supervisor; PATH as the supervisor's PATH with the login shell's extra dirs in front;
 * HOME/USER when the program runs as another user than the supervisor (user= changes neither).
 */
export function offerEnvironment(
  loginEnv: Record<string, string>,
  supervisorEnv: Record<string, string>,
  options: { programUser?: string | null; supervisorUser?: string } = {},
): OfferedVariable[] {
  const offered: OfferedVariable[] = [];
  for (const [key, value] of Object.entries(loginEnv).sort(([a], [b]) => a.localeCompare(b))) {
    if (NOISE.test(key) || key === 'PATH' || key === 'HOME' || key === 'USER') continue;
    if (supervisorEnv[key] === value) continue;
    const why = NAMED[key] ?? (/(PATH|_HOME|_ROOT)$/.test(key) || /^(LD_|PYTHON|NODE_)/.test(key) ? 'search path set in the login shell' : null);
    if (why) offered.push({ key, value, why: supervisorEnv[key] === undefined ? `${why}; missing under the supervisor` : `${why}; differs under the supervisor` });
  }
  if (loginEnv.PATH) {
    const supervisorPath = supervisorEnv.PATH ?? '/usr/local/bin:/usr/bin:/bin';
    const extra = pathAdditions(loginEnv.PATH, supervisorPath);
    if (extra.length) offered.push({ key: 'PATH', value: [...extra, supervisorPath].join(':'), why: `login shell adds ${extra.join(', ')}` });
  }
  if (options.programUser && options.programUser !== options.supervisorUser) {
    for (const key of ['HOME', 'USER'] as const) {
      if (loginEnv[key] && supervisorEnv[key] !== loginEnv[key]) {
        offered.push({ key, value: loginEnv[key], why: `user= does not set ${key}; the program would see ${supervisorEnv[key] ?? 'none'}` });
      }
    }
  }
  return offered;
}

/** The user's login-shell environment: `su - USER -c 'env -0'` as root, or our own login shell for ourselves. */
export async function readLoginEnvironment(user: string, options: { isRoot: boolean; selfName: string }): Promise<Record<string, string>> {
  const argv = options.isRoot
    ? ['su', '-', user, '-c', 'env -0']
    : user === options.selfName
      ? [process.env.SHELL || '/bin/sh', '-l', '-c', 'env -0']
      : null;
  if (!argv) return {};
  try {
    const { stdout } = await execFileAsync(argv[0], argv.slice(1), { timeout: 15000, maxBuffer: 1024 * 1024, env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', TERM: 'dumb' } });
    return parseEnvZero(stdout);
  } catch {
    return {};
  }
}

/** The environment a running supervisor really has (its children inherit it). */
export function readProcessEnvironment(pid: number): Record<string, string> | null {
  try {
    return parseEnvZero(readFileSync(`/proc/${pid}/environ`, 'utf8'));
  } catch {
    return null;
  }
}
