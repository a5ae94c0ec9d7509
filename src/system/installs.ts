/**
 * Supervisors already on this machine: a Python supervisord/supervisorctl on PATH (with the
 * version it reports), Debian's /etc/supervisor layout, other config files in Supervisor's
 * search path, and an existing svwiz setup. Versions are asked of the binaries themselves;
 * under `--root` nothing is executed (the target's binaries may not even run here).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { mapToRoot } from './paths.js';
import { which } from './which.js';

const execFileAsync = promisify(execFile);

export interface InstalledBinary {
  path: string;
  version: string | null;
}

export interface ExistingInstalls {
  pythonSupervisord: InstalledBinary | null;
  pythonSupervisorctl: InstalledBinary | null;
  svwizd: string | null;
  svwizctl: string | null;
  /** Debian's packaged layout, when /etc/supervisor/supervisord.conf exists. */
  debianLayout: { configFile: string; includeGlobs: string[]; initScript: string | null; systemdUnit: string | null } | null;
  /** Config files in Supervisor's default search path that exist (what a bare `supervisorctl` would read). */
  defaultConfigs: string[];
  /** The setup record of an earlier `svwiz init`, parsed, with its path. */
  svwizSetup: { recordFile: string; record: unknown } | null;
}

/** `supervisord --version` prints just "4.2.5"; take the first version-looking word of any output. */
export function parseVersionOutput(output: string): string | null {
  const match = /\d+\.\d+(?:\.\d+)?(?:[a-z0-9.+-]*)?/i.exec(output);
  return match ? match[0] : null;
}

/** The `files =` globs of an [include] section, read loosely (only for reporting). */
export function includeGlobsOf(configText: string): string[] {
  const lines = configText.split('\n');
  let inInclude = false;
  const globs: string[] = [];
  let collecting = false;
  for (const line of lines) {
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) {
      inInclude = header[1].trim() === 'include';
      collecting = false;
      continue;
    }
    if (!inInclude) continue;
    const kv = /^\s*files\s*[=:]\s*(.*)$/.exec(line);
    if (kv) {
      globs.push(...kv[1].split(/\s+/).filter(Boolean));
      collecting = true;
    } else if (collecting && /^\s+\S/.test(line)) {
      globs.push(...line.trim().split(/\s+/));
    } else {
      collecting = false;
    }
  }
  return globs.map((glob) => glob.replace(/\s+[;#].*$/, ''));
}

async function versionOf(binary: string, root: string): Promise<string | null> {
  if (path.resolve(root) !== '/') return null;
  try {
    const { stdout, stderr } = await execFileAsync(binary, ['--version'], { timeout: 10000 });
    return parseVersionOutput(stdout + stderr);
  } catch (error) {
    const output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
    return parseVersionOutput(output);
  }
}

export interface DetectInstallsOptions {
  root?: string;
  PATH?: string;
  /** Where an earlier svwiz init may have left its setup record (target paths). */
  setupRecordFiles: string[];
  /** Ask the binaries for their versions (slow on a Pi: a Python start-up each); default true. */
  versions?: boolean;
}

export async function detectInstalls(options: DetectInstallsOptions): Promise<ExistingInstalls> {
  const root = options.root ?? '/';
  const PATH = options.PATH ?? process.env.PATH ?? '';
  const at = (p: string) => mapToRoot(root, p);
  const supervisord = which('supervisord', PATH, root);
  const supervisorctl = which('supervisorctl', PATH, root);
  // supervisorctl --version needs no config; supervisord --version neither.
  const [supervisordVersion, supervisorctlVersion] = await Promise.all([
    supervisord && options.versions !== false ? versionOf(supervisord, root) : Promise.resolve(null),
    // supervisorctl has no --version (its `version` asks the server); one from the same package shares supervisord's.
    Promise.resolve(null),
  ]);

  const debianConfig = '/etc/supervisor/supervisord.conf';
  let debianLayout: ExistingInstalls['debianLayout'] = null;
  if (existsSync(at(debianConfig))) {
    let text = '';
    try {
      text = readFileSync(at(debianConfig), 'utf8');
    } catch {
      text = '';
    }
    debianLayout = {
      configFile: debianConfig,
      includeGlobs: includeGlobsOf(text),
      initScript: existsSync(at('/etc/init.d/supervisor')) ? '/etc/init.d/supervisor' : null,
      systemdUnit: existsSync(at('/lib/systemd/system/supervisor.service')) ? '/lib/systemd/system/supervisor.service' : null,
    };
  }

  const defaultConfigs = ['/usr/etc/supervisord.conf', '/usr/supervisord.conf', '/etc/supervisord.conf', '/etc/supervisor/supervisord.conf'].filter(
    (file) => existsSync(at(file)),
  );

  let svwizSetup: ExistingInstalls['svwizSetup'] = null;
  for (const recordFile of options.setupRecordFiles) {
    try {
      svwizSetup = { recordFile, record: JSON.parse(readFileSync(at(recordFile), 'utf8')) };
      break;
    } catch {
      continue;
    }
  }

  return {
    pythonSupervisord: supervisord ? { path: supervisord, version: supervisordVersion } : null,
    pythonSupervisorctl: supervisorctl
      ? { path: supervisorctl, version: supervisorctlVersion ?? (supervisord && path.dirname(supervisord) === path.dirname(supervisorctl) ? supervisordVersion : null) }
      : null,
    svwizd: which('svwizd', PATH, root) ?? null,
    svwizctl: which('svwizctl', PATH, root) ?? null,
    debianLayout,
    defaultConfigs,
    svwizSetup,
  };
}
