/**
 * Boot services of any name that start a supervisor: SysV init scripts whose DAEMON (or start
 * line) runs supervisord or svwizd — Debian's, Ubuntu's, Red Hat's, the upstream initscripts and
 * svwiz's own — and systemd units whose ExecStart does. Shell variables are expanded as sh would
 * for the plain assignments these scripts use (`NAME=supervisord`, `DAEMON=/usr/bin/$NAME`,
 * `DAEMON_OPTS="-c FILE $DAEMON_OPTS"`, `${X-default}`, `${X:-default}`, a sourced
 * /etc/default file), so a script is judged by what it really runs (#13). Pure parsers plus one
 * reader under a `--root`.
 */
import { existsSync, lstatSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { shlexSplit } from '../shell/shlex-split.js';
import { mapToRoot, readUnder } from './paths.js';

export type SupervisorBackend = 'supervisord' | 'svwizd';

export interface BootServiceFacts {
  kind: 'sysv' | 'systemd';
  /** Script name in /etc/init.d, or the unit name without `.service`. */
  name: string;
  /** The script or unit file (a path on the target system). */
  file: string;
  backend: SupervisorBackend;
  /** The program the service executes (node for svwizd's script), variables expanded. */
  daemon: string;
  /** svwizd's script when the daemon is node. */
  daemonScript?: string;
  /** The `-c FILE` it passes, if any (without one, Supervisor's search order decides). */
  configFile?: string;
  /** Started at boot: an S link in rc2–5.d, or a link in a systemd `*.wants` directory. */
  enabled: boolean;
}

const SUPERVISOR_WORD = /(?:^|\/)(supervisord|svwizd)(?:\.js)?$/;

function backendOf(word: string | undefined): SupervisorBackend | undefined {
  const match = word ? SUPERVISOR_WORD.exec(word) : null;
  return (match?.[1] as SupervisorBackend | undefined) ?? undefined;
}

/** `$X`, `${X}`, `${X-d}`, `${X:-d}` with the variables known so far; unknown ones are empty, as in sh. */
export function expandShellVariables(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{(\w+)(:?-)?([^}]*)\}|\$(\w+)/g, (_match, braced: string, op: string | undefined, fallback: string, bare: string) => {
    const name = braced ?? bare;
    const value = vars.get(name);
    if (braced && op === ':-' && !value) return expandShellVariables(fallback, vars);
    if (braced && op === '-' && value === undefined) return expandShellVariables(fallback, vars);
    return value ?? '';
  });
}

/** The value of one sh assignment's right-hand side: quotes removed, variables expanded. */
function assignedValue(raw: string, vars: ReadonlyMap<string, string>): string {
  let out = '';
  let index = 0;
  while (index < raw.length) {
    const char = raw[index]!;
    if (char === "'") {
      const end = raw.indexOf("'", index + 1);
      out += raw.slice(index + 1, end === -1 ? undefined : end);
      index = end === -1 ? raw.length : end + 1;
    } else if (char === '"') {
      let end = index + 1;
      while (end < raw.length && raw[end] !== '"') end += raw[end] === '\\' ? 2 : 1;
      out += expandShellVariables(raw.slice(index + 1, end), vars);
      index = end + 1;
    } else if (/\s|;|#/.test(char)) {
      break;
    } else {
      let end = index;
      while (end < raw.length && !/[\s;#'"]/.test(raw[end]!)) end++;
      out += expandShellVariables(raw.slice(index, end), vars);
      index = end;
    }
  }
  return out;
}

/**
 * Run the top-level assignments of a script in order (lines `NAME=value`, `export NAME=value`),
 * following `. FILE` / `source FILE` through `readSourced`. Assignments inside functions are read
 * too: these scripts only set constants there.
 */
export function shellAssignments(text: string, readSourced: (file: string) => string | undefined = () => undefined, vars = new Map<string, string>(), depth = 0): Map<string, string> {
  for (const line of text.split('\n')) {
    const assignment = /^\s*(?:export\s+)?([A-Za-z_]\w*)=(.*)$/.exec(line);
    if (assignment) {
      vars.set(assignment[1]!, assignedValue(assignment[2]!, vars));
      continue;
    }
    const sourced = /(?:^|&&|;)\s*(?:\.|source)\s+(\S+)\s*$/.exec(line);
    if (sourced && depth < 2) {
      const content = readSourced(expandShellVariables(sourced[1]!.replace(/^["']|["']$/g, ''), vars));
      if (content !== undefined) shellAssignments(content, readSourced, vars, depth + 1);
    }
  }
  return vars;
}

/** The `-c FILE` / `--configuration[=]FILE` among words. */
export function configFileOfWords(words: string[]): string | undefined {
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if ((word === '-c' || word === '--configuration') && words[index + 1]) return words[index + 1];
    if (word.startsWith('--configuration=')) return word.slice('--configuration='.length);
    if (/^-[a-z]*c$/.test(word) && word.length > 2 && words[index + 1]) return words[index + 1];
  }
  return undefined;
}

function splitLoosely(text: string): string[] {
  try {
    return shlexSplit(text);
  } catch {
    return text.split(/\s+/).filter(Boolean);
  }
}

/** What a SysV script runs, or undefined when it does not start a supervisor. */
export function parseSysvScript(
  name: string,
  file: string,
  text: string,
  readSourced?: (file: string) => string | undefined,
): Omit<BootServiceFacts, 'enabled'> | undefined {
  const vars = shellAssignments(text, readSourced);
  // The daemon variable of each family: DAEMON (Debian, Ubuntu, upstream, svwiz), supervisord (Red Hat).
  const candidates = [vars.get('DAEMON_SCRIPT'), vars.get('DAEMON'), vars.get('supervisord'), vars.get('SUPERVISORD')].filter((v): v is string => !!v);
  // Command lines only (assignments were run above, in order): comments and assignments are not what runs.
  const expandedLines = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line) && !/^\s*(?:export\s+)?[A-Za-z_]\w*=/.test(line))
    .map((line) => expandShellVariables(line, vars));
  let backend = candidates.map(backendOf).find(Boolean);
  let daemon = vars.get('DAEMON') ?? vars.get('supervisord') ?? vars.get('SUPERVISORD');
  if (!backend) {
    // A start line that names the binary itself (`/usr/local/bin/supervisord -c …`).
    for (const line of expandedLines) {
      const word = splitLoosely(line).find((candidate) => backendOf(candidate));
      if (word) {
        backend = backendOf(word);
        daemon = word;
        break;
      }
    }
  }
  if (!backend || !daemon) return undefined;
  const optionWords = ['DAEMON_OPTS', 'DAEMON_ARGS', 'OPTIONS', 'SUPERVISORD_OPTS'].flatMap((key) => splitLoosely(vars.get(key) ?? ''));
  const configFile =
    configFileOfWords(optionWords) ??
    vars.get('CONFIG') ??
    vars.get('CONF') ??
    expandedLines.map((line) => configFileOfWords(splitLoosely(line))).find((found) => found && !found.startsWith('$'));
  const script = vars.get('DAEMON_SCRIPT');
  return { kind: 'sysv', name, file, backend, daemon, ...(script ? { daemonScript: script } : {}), ...(configFile ? { configFile } : {}) };
}

/** What a systemd unit's ExecStart runs, or undefined when it does not start a supervisor. */
export function parseSystemdUnit(name: string, file: string, text: string): Omit<BootServiceFacts, 'enabled'> | undefined {
  const exec = /^\s*ExecStart\s*=\s*(.+)$/m.exec(text)?.[1];
  if (!exec) return undefined;
  const words = splitLoosely(exec.replace(/^[-@:+!]+/, ''));
  const daemon = words[0];
  const script = words.slice(1).find((word) => backendOf(word));
  const backend = backendOf(daemon) ?? backendOf(script);
  if (!daemon || !backend) return undefined;
  const configFile = configFileOfWords(words);
  return { kind: 'systemd', name, file, backend, daemon, ...(script && !backendOf(daemon) ? { daemonScript: script } : {}), ...(configFile ? { configFile } : {}) };
}

export interface BootServiceDirs {
  initd: string;
  /** Holds rc0.d … rc6.d. */
  rcBase: string;
  /** Unit dirs, most specific first (/etc/systemd/system before /lib/systemd/system). */
  systemd: string[];
}

export const DEFAULT_BOOT_SERVICE_DIRS: BootServiceDirs = {
  initd: '/etc/init.d',
  rcBase: '/etc',
  systemd: ['/etc/systemd/system', '/run/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'],
};


function listUnder(root: string, dir: string): string[] {
  try {
    return readdirSync(mapToRoot(root, dir));
  } catch {
    return [];
  }
}

function sysvEnabled(root: string, rcBase: string, name: string): boolean {
  for (const level of ['2', '3', '4', '5']) {
    for (const entry of listUnder(root, path.join(rcBase, `rc${level}.d`))) {
      if (/^S\d\d/.test(entry) && entry.slice(3) === name) return true;
    }
  }
  return false;
}

function systemdEnabled(root: string, dirs: string[], unit: string): boolean {
  for (const dir of dirs) {
    for (const entry of listUnder(root, dir)) {
      if (!entry.endsWith('.wants')) continue;
      const link = path.join(mapToRoot(root, dir), entry, unit);
      try {
        if (lstatSync(link).isSymbolicLink() || existsSync(link)) return true;
      } catch {
        // not there
      }
    }
  }
  return false;
}

/**
 * The links that start a service at boot (target paths): rc?.d/[SK]NNname for a script, every
 * `*.wants/NAME.service` for a unit. Removing them is what `update-rc.d remove` / `systemctl
 * disable` do; removed by the applier, they are backed up and come back exactly on undo (#13).
 */
export function bootLinksOf(root: string, service: Pick<BootServiceFacts, 'kind' | 'name'>, dirs: BootServiceDirs = DEFAULT_BOOT_SERVICE_DIRS): string[] {
  const links: string[] = [];
  if (service.kind === 'sysv') {
    for (const level of ['0', '1', '2', '3', '4', '5', '6', 'S']) {
      const dir = path.join(dirs.rcBase, `rc${level}.d`);
      for (const entry of listUnder(root, dir).sort()) if (/^[SK]\d\d/.test(entry) && entry.slice(3) === service.name) links.push(path.join(dir, entry));
    }
    return links;
  }
  for (const dir of dirs.systemd) {
    for (const entry of listUnder(root, dir).sort()) {
      if (!entry.endsWith('.wants')) continue;
      const link = path.join(dir, entry, `${service.name}.service`);
      try {
        lstatSync(mapToRoot(root, link));
        links.push(link);
      } catch {
        // not enabled from this target
      }
    }
  }
  return links;
}

/** Every boot service on the target that starts supervisord or svwizd, whatever its name. */
export function findSupervisorBootServices(root = '/', dirs: BootServiceDirs = DEFAULT_BOOT_SERVICE_DIRS): BootServiceFacts[] {
  const services: BootServiceFacts[] = [];
  const readSourced = (file: string) => readUnder(root, file);
  for (const name of listUnder(root, dirs.initd).sort()) {
    const file = path.join(dirs.initd, name);
    const text = readUnder(root, file);
    if (text === undefined || !text.startsWith('#!')) continue;
    const parsed = parseSysvScript(name, file, text, readSourced);
    if (parsed) services.push({ ...parsed, enabled: sysvEnabled(root, dirs.rcBase, name) });
  }
  const seenUnits = new Set<string>();
  for (const dir of dirs.systemd) {
    for (const entry of listUnder(root, dir).sort()) {
      if (!entry.endsWith('.service') || seenUnits.has(entry)) continue;
      const file = path.join(dir, entry);
      let text = readUnder(root, file);
      // A unit masked or aliased by a link: read what it points at.
      if (text === undefined) continue;
      try {
        const target = readlinkSync(mapToRoot(root, file));
        if (target === '/dev/null') text = '';
      } catch {
        // a plain file
      }
      seenUnits.add(entry);
      const parsed = parseSystemdUnit(entry.slice(0, -'.service'.length), file, text);
      if (parsed) services.push({ ...parsed, enabled: systemdEnabled(root, dirs.systemd, entry) });
    }
  }
  return services;
}
