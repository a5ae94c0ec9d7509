/**
 * A seeded random generator of supervisord configs for the differential test: every section type,
 * every program key, dialect variations (delimiters, key case, inline comments, continuation lines,
 * duplicates, [DEFAULT], includes) and, with a small probability per key, a value Supervisor rejects.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const chance = (r: Rand, p: number): boolean => r() < p;

/** Per value type: [good values, bad values]. */
const VALUES: Record<string, [string[], string[]]> = {
  bool: [['true', 'false', 'Yes', 'no', 'ON', 'off', '1', '0', 'TRUE'], ['maybe', '2', 'y']],
  int: [['0', '1', '3', '10', '-1', ' +5', '1_0', '007', '%(ENV_SVWIZ_NUM)s'], ['1.5', '0x10', 'ten', '', '1__0']],
  bytes: [['0', '1024', '50MB', '1 kb', '2Gb', '10KB', '1_000'], ['1M', '1MiB', '1.5MB', 'MB']],
  signal: [['TERM', 'term', 'SIGINT', 'sigusr1', 'KILL', '9', '15', 'HUP', 'QUIT', 'usr2', 'cld', 'IOT'], ['FOO', '35', '99', 'SIG']],
  exitcodes: [['0', '0,2', '', '1,255', ' 3 , 4 '], ['0,256', 'a', '-1', '0,,1']],
  autorestart: [['true', 'false', 'unexpected', 'UNEXPECTED', 'yes', 'off'], ['maybe', 'always']],
  octal: [['022', '0o27', '7', '0002', '077'], ['999', '8', 'rw']],
  logfile: [['AUTO', 'NONE', 'off', '%(here)s/%(program_name)s.log', '%(here)s/p-%(process_num)d.log', 'relative.log', 'syslog', '%(here)s/pct%%%%.log'], ['/svwiz-nonexistent/x.log', '%(here)s/bad%%x.log']],
  user: [['root', 'nobody', '0'], ['svwiz-no-such-user', '4242424']],
  env: [
    ['A=1', 'A="x y",B=2', "K='v,w'", 'P=%(program_name)s', 'N="%(process_num)d"', 'H=%(ENV_HOME)s', 'A=x#y,B=2', 'A = 1 ; B = 2', 'X=1,', 'R="50%%"', 'E=""'],
    ['A=x y z', 'A=,B=1', 'A=x@y', 'A="open'],
  ],
  command: [
    ['/bin/true', '/bin/echo %(program_name)s', '/bin/echo %(process_num)02d of %(numprocs)d', 'date +%%s', '/bin/echo a;b ; comment', "bash -c 'a ; b'", '/bin/echo x=y', '/bin/echo %(group_name)s %(host_node_name)s', '/bin/echo %(ENV_SVWIZ_WORD)s', '/bin/echo\n  continued line', 'date +%s'],
    ['/bin/echo 100%', '/bin/echo %(nope)s', '/bin/echo %d'],
  ],
  directory: [['/tmp', '%(here)s', '%(here)s/missing-is-fine', '%(ENV_HOME)s'], ['%(bad)s']],
  serverurl: [['AUTO', 'auto', 'http://127.0.0.1:9001', 'unix:///tmp/x.sock'], ['%(x)s']],
};

const PROGRAM_KEYS: [string, string][] = [
  ['autostart', 'bool'], ['autorestart', 'autorestart'], ['startsecs', 'int'], ['startretries', 'int'],
  ['stopsignal', 'signal'], ['stopwaitsecs', 'int'], ['stopasgroup', 'bool'], ['killasgroup', 'bool'],
  ['exitcodes', 'exitcodes'], ['redirect_stderr', 'bool'], ['priority', 'int'], ['umask', 'octal'],
  ['user', 'user'], ['environment', 'env'], ['directory', 'directory'], ['serverurl', 'serverurl'],
  ['stdout_logfile', 'logfile'], ['stderr_logfile', 'logfile'], ['stdout_logfile_maxbytes', 'bytes'],
  ['stderr_logfile_maxbytes', 'bytes'], ['stdout_logfile_backups', 'int'], ['stderr_logfile_backups', 'int'],
  ['stdout_capture_maxbytes', 'bytes'], ['stderr_capture_maxbytes', 'bytes'], ['stdout_events_enabled', 'bool'],
  ['stderr_events_enabled', 'bool'], ['stdout_syslog', 'bool'], ['stderr_syslog', 'bool'],
];

const NAMES = ['web', 'worker', 'api', 'cron', 'sensor', 'queue', 'x', 'app-1', 'b_2'];

interface Gen {
  r: Rand;
  badRate: number;
}

function value(g: Gen, type: string): string {
  const [good, bad] = VALUES[type]!;
  return chance(g.r, g.badRate) ? pick(g.r, bad) : pick(g.r, good);
}

/** One `key=value` line in a random but legal dialect form. */
function line(g: Gen, key: string, v: string): string {
  const k = chance(g.r, 0.1) ? key.toUpperCase() : key;
  const delimiter = pick(g.r, ['=', '=', ' = ', ':', ': ', ' :']);
  const comment = chance(g.r, 0.1) ? pick(g.r, [' ; note', '\t# note', ' ;']) : '';
  return `${k}${delimiter}${v}${v.includes('\n') ? '' : comment}`;
}

function programSection(g: Gen, kind: string, name: string): string[] {
  const lines = [`[${kind}:${name}]`];
  if (!chance(g.r, g.badRate / 2)) lines.push(line(g, 'command', value(g, 'command')));
  if (chance(g.r, 0.25)) {
    const n = pick(g.r, ['2', '3', '0', '1', '12']);
    lines.push(line(g, 'numprocs', n));
    if (chance(g.r, 0.4)) lines.push(line(g, 'numprocs_start', pick(g.r, ['1', '5', '-1'])));
    if (n !== '1' && n !== '0' ? !chance(g.r, g.badRate) : chance(g.r, 0.5)) {
      lines.push(line(g, 'process_name', pick(g.r, ['%(program_name)s_%(process_num)02d', '%(program_name)s-%(process_num)d', 'p%(process_num)s'])));
    }
  } else if (chance(g.r, 0.1)) {
    lines.push(line(g, 'process_name', pick(g.r, ['custom', '%(program_name)s-x'])));
  }
  if (kind === 'eventlistener') {
    if (!chance(g.r, g.badRate)) lines.push(line(g, 'events', pick(g.r, ['PROCESS_STATE', 'TICK_5,TICK_60', 'process_state_exited', 'EVENT'])));
    else lines.push(line(g, 'events', 'NOT_AN_EVENT'));
    if (chance(g.r, 0.3)) lines.push(line(g, 'buffer_size', pick(g.r, ['1', '20', chance(g.r, g.badRate) ? '0' : '5'])));
  }
  if (kind === 'fcgi-program') {
    lines.push(line(g, 'socket', pick(g.r, ['tcp://127.0.0.1:9000', 'unix:///tmp/%(program_name)s.sock', chance(g.r, g.badRate) ? 'unix://relative.sock' : 'tcp://localhost:9001'])));
  }
  for (const [key, type] of PROGRAM_KEYS) {
    if (kind === 'eventlistener' && key === 'redirect_stderr' && !chance(g.r, g.badRate)) continue;
    if (chance(g.r, 0.2)) lines.push(line(g, key, value(g, type)));
  }
  if (chance(g.r, 0.05)) lines.push(line(g, 'autostrat', 'false')); // unknown key: accepted silently
  if (chance(g.r, 0.1)) lines.push(line(g, 'startsecs', value(g, 'int'))); // duplicate key: last wins
  return lines;
}

export interface GeneratedConfig {
  dir: string;
  file: string;
}

/** Write config number `index` of seed `seed` under `root`; returns its main file. */
export function writeRandomConfig(root: string, seed: number, index: number): GeneratedConfig {
  const g: Gen = { r: seededRandom(seed * 100_003 + index), badRate: 0.03 };
  const dir = path.join(root, `c${index}`);
  mkdirSync(path.join(dir, 'conf.d'), { recursive: true });
  const main: string[] = [];
  if (chance(g.r, 0.05)) main.push('[DEFAULT]', line(g, pick(g.r, ['startsecs', 'autostart', 'priority']), pick(g.r, ['0', 'false', '5'])), '');
  main.push('; generated config', '[supervisord]', 'logfile=%(here)s/supervisord.log', 'pidfile=%(here)s/supervisord.pid', 'childlogdir=%(here)s');
  if (chance(g.r, 0.3)) main.push(line(g, 'loglevel', pick(g.r, ['debug', 'INFO', 'warn', 'blather', chance(g.r, g.badRate * 3) ? 'warning' : 'error'])));
  if (chance(g.r, 0.2)) main.push(line(g, 'environment', pick(g.r, ['GLOBAL=1', 'SVWIZ_WORD="from-supervisord"', 'G="%(here)s"'])));
  if (chance(g.r, 0.2)) main.push(line(g, 'umask', value(g, 'octal')));
  if (chance(g.r, 0.2)) main.push(line(g, 'logfile_maxbytes', value(g, 'bytes')));
  if (chance(g.r, 0.2)) main.push(line(g, 'nodaemon', value(g, 'bool')));
  if (chance(g.r, 0.1)) main.push(line(g, 'identifier', 'gen-%(ENV_SVWIZ_WORD)s'));
  main.push('');
  if (chance(g.r, 0.3)) main.push('[unix_http_server]', `file=%(here)s/s.sock`, ...(chance(g.r, 0.3) ? [line(g, 'chmod', value(g, 'octal'))] : []), '');
  if (chance(g.r, 0.3)) {
    main.push('[inet_http_server]', line(g, 'port', pick(g.r, ['127.0.0.1:9001', '9002', '*:9003', chance(g.r, g.badRate * 3) ? 'abc' : ':9004'])));
    if (chance(g.r, 0.3)) main.push('username=u', ...(chance(g.r, g.badRate * 3) ? [] : ['password=p']));
    main.push('');
  }
  if (chance(g.r, 0.4)) main.push('[rpcinterface:supervisor]', 'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface', '');
  const names = NAMES.filter(() => chance(g.r, 0.45));
  const included: string[] = [];
  for (const name of names) {
    const kind = chance(g.r, 0.1) ? 'eventlistener' : chance(g.r, 0.06) ? 'fcgi-program' : 'program';
    const section = programSection(g, kind, name);
    if (chance(g.r, 0.3)) included.push(...section, '');
    else main.push(...section, '');
  }
  if (names.length > 0 && chance(g.r, 0.3)) {
    const members = names.filter(() => chance(g.r, 0.5));
    if (chance(g.r, g.badRate * 3)) members.push('missing');
    main.push(`[group:${pick(g.r, ['grp', 'all'])}]`, `programs=${members.join(',')}`);
    if (chance(g.r, 0.5)) main.push(line(g, 'priority', value(g, 'int')));
    main.push('');
  }
  if (included.length > 0 || chance(g.r, 0.1)) {
    main.push('[include]', `files = ${pick(g.r, ['conf.d/*.ini', '%(here)s/conf.d/*.ini', 'conf.d/*.ini conf.d/*.conf'])}`);
  }
  const eol = chance(g.r, 0.05) ? '\r\n' : '\n';
  const file = path.join(dir, 'supervisord.conf');
  writeFileSync(file, main.join(eol) + eol);
  if (included.length > 0) writeFileSync(path.join(dir, 'conf.d', 'programs.ini'), included.join('\n') + '\n');
  return { dir, file };
}

const FUZZ_CHARS = [';', '#', ' ;', ' #', ':', '=', '%', '%%', '%(', ')s', '[', ']', '\n', '\n  ', '\t', '"', "'", ',', ' ', 'A', '0', '\r\n', '\u00a0', '\x0c'];

/** A generated config with a few random characters inserted or deleted: stresses the INI dialect itself. */
export function writeFuzzedConfig(root: string, seed: number, index: number): GeneratedConfig {
  const generated = writeRandomConfig(root, seed + 7919, index);
  const r = seededRandom(seed * 31 + index);
  let text = readFileSync(generated.file, 'utf8');
  const edits = 1 + Math.floor(r() * 4);
  // Python plugin specs are out of scope: svwiz cannot know which Python modules import
  const protectedStart = text.indexOf('supervisor.rpcinterface_factory');
  const protectedEnd = protectedStart === -1 ? -1 : text.indexOf('\n', protectedStart);
  for (let i = 0; i < edits; i++) {
    let at = Math.floor(r() * (text.length + 1));
    if (protectedStart !== -1 && at >= protectedStart && at <= protectedEnd + 1) at = protectedStart;
    text = chance(r, 0.7) ? text.slice(0, at) + pick(r, FUZZ_CHARS) + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 3));
  }
  writeFileSync(generated.file, text);
  return generated;
}
