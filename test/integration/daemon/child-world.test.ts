/**
 * The world a child gets, read back from /proc: uid/gid/supplementary groups for user=,
 * environment, umask, cwd, its own process group; and log capture: rotation under a fast writer
 * with no line lost, a full disk (tiny tmpfs) the daemon survives, clearing logs of a stopped
 * process. Runs as root (CI); creates and deletes its own user and group.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { configModel, processConfig, startInProcess, type InProcessDaemon } from '../../helpers/daemon-config.js';
import { createSupervisorNamespace } from '../../../src/daemon/rpc-namespace.js';

const root = makeTempDir('svw-cw');
chmodSync(root, 0o755);
const daemons: InProcessDaemon[] = [];
const suffix = String(process.pid % 100000);
const testUser = `svwu${suffix}`;
const testGroup = `svwg${suffix}`;
let mounted: string | undefined;

before(() => {
  assert.equal(process.getuid?.(), 0, 'these tests run as root (CI does)');
  execFileSync('groupadd', [testGroup]);
  execFileSync('useradd', ['-M', '-s', '/usr/sbin/nologin', '-G', testGroup, testUser]);
});

after(async () => {
  for (const daemon of daemons) await daemon.stop();
  if (mounted) execFileSync('umount', ['-l', mounted]);
  execFileSync('userdel', [testUser]);
  execFileSync('groupdel', [testGroup]);
  removeTempDir(root);
});

function dirFor(name: string): string {
  const dir = path.join(root, name);
  mkdirSync(dir);
  chmodSync(dir, 0o755);
  return dir;
}

function procStatus(pid: number): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return fields;
}

function idOf(kind: 'u' | 'g', name: string): number {
  return Number(execFileSync('id', [`-${kind}`, name], { encoding: 'utf8' }).trim());
}

test('user= switches uid, gid and keeps the user\'s supplementary groups; HOME/USER are not changed', async () => {
  const dir = dirFor('user');
  const uid = idOf('u', testUser);
  const gid = idOf('g', testUser);
  const extra = Number(execFileSync('getent', ['group', testGroup], { encoding: 'utf8' }).split(':')[2]);
  const daemon = startInProcess(
    configModel(dir, [processConfig('asuser', 'sleep 60', { user: testUser, uid, umask: 0o27, directory: dir, environment: { FOO: 'bar baz' } })], {
      environment: { GLOBAL: 'yes', FOO: 'global' },
    }),
  );
  daemons.push(daemon);
  const proc = await daemon.waitState('asuser', 'RUNNING');
  const status = procStatus(proc.pid);
  assert.deepEqual(status.Uid!.split(/\s+/).map(Number), [uid, uid, uid, uid]);
  assert.deepEqual(status.Gid!.split(/\s+/).map(Number), [gid, gid, gid, gid]);
  assert.deepEqual(status.Groups!.split(/\s+/).map(Number).sort((a, b) => a - b), [gid, extra].sort((a, b) => a - b));
  assert.equal(status.Umask, '0027');
  const argv = readFileSync(`/proc/${proc.pid}/cmdline`, 'utf8').split('\u0000');
  assert.deepEqual([path.basename(argv[0]!), argv[1]], ['sleep', '60'], 'setpriv exec\'d the program in the same pid');
  assert.equal(execFileSync('readlink', [`/proc/${proc.pid}/cwd`], { encoding: 'utf8' }).trim(), dir);
  const env = Object.fromEntries(
    readFileSync(`/proc/${proc.pid}/environ`, 'utf8')
      .split('\u0000')
      .filter(Boolean)
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
  assert.equal(env.SUPERVISOR_ENABLED, '1');
  assert.equal(env.SUPERVISOR_PROCESS_NAME, 'asuser');
  assert.equal(env.SUPERVISOR_GROUP_NAME, 'asuser');
  assert.equal(env.GLOBAL, 'yes');
  assert.equal(env.FOO, 'bar baz');
  assert.equal(env.HOME, process.env.HOME, 'HOME stays the daemon\'s (Supervisor does not change it)');
  assert.equal(env.PATH, process.env.PATH);
  // Its own session and process group.
  const stat = readFileSync(`/proc/${proc.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  assert.equal(Number(fields[2]), proc.pid, 'process group id = pid');
});

test('rotation under a full-speed writer loses and reorders no line; maxbytes=0 keeps every line in one file', async () => {
  const dir = dirFor('rotation');
  const lines = 150000;
  const writer = path.join(dir, 'writer.mjs');
  writeFileSync(
    writer,
    `let i = 0; const n = ${lines}; function go() { while (i < n) { let s = ''; for (let k = 0; k < 500 && i < n; k++) s += (i++) + '\\n'; if (!process.stdout.write(s)) { process.stdout.once('drain', go); return; } } } go();`,
  );
  const flat = path.join(dir, 'flat.log');
  const rotated = path.join(dir, 'rot.log');
  const daemon = startInProcess(
    configModel(dir, [
      processConfig('flat', `${process.execPath} ${writer}`, { stdout_logfile: flat, startsecs: 0, autorestart: 'false' }),
      processConfig('rot', `${process.execPath} ${writer}`, { stdout_logfile: rotated, stdout_logfile_maxbytes: 64 * 1024, stdout_logfile_backups: 100, startsecs: 0, autorestart: 'false' }),
    ]),
  );
  daemons.push(daemon);
  await daemon.waitState('flat', 'EXITED', 30000);
  await daemon.waitState('rot', 'EXITED', 30000);
  const expected = Array.from({ length: lines }, (_, i) => String(i)).join('\n') + '\n';
  await waitFor('flat log complete', () => statSync(flat).size === expected.length, { timeoutMs: 10000 });
  assert.equal(readFileSync(flat, 'utf8'), expected);
  const backups = readdirSync(dir).filter((name) => /^rot\.log\.\d+$/.test(name)).map((name) => Number(name.split('.').pop()));
  assert.ok(backups.length > 5, `${backups.length} rotated files`);
  await waitFor('rotated logs complete', () => {
    const total = backups.reduce((sum, n) => sum + statSync(`${rotated}.${n}`).size, statSync(rotated).size);
    return total === expected.length;
  });
  const joined = backups.sort((a, b) => b - a).map((n) => readFileSync(`${rotated}.${n}`, 'utf8')).join('') + readFileSync(rotated, 'utf8');
  assert.equal(joined, expected, 'concatenated .N … .1, base = exactly the lines written, in order');
  for (const n of backups) assert.ok(statSync(`${rotated}.${n}`).size >= 64 * 1024, 'rotated only once maxbytes reached');
});

test('a full disk (tiny tmpfs) drops log bytes, logs it and the daemon keeps supervising', async () => {
  const dir = dirFor('enospc');
  const mountPoint = path.join(dir, 'tiny');
  mkdirSync(mountPoint);
  let logFile = path.join(mountPoint, 'out.log');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { stdio: 'ignore' });
    mounted = mountPoint;
  } catch {
    // No mount permission (unprivileged container): /dev/full gives the kernel's real ENOSPC on every write.
    logFile = '/dev/full';
  }
  const daemon = startInProcess(
    configModel(dir, [processConfig('chatty', `sh -c "yes 0123456789012345678901234567890123456789 | head -c 2000000; sleep 60"`, { stdout_logfile: logFile, startsecs: 1 })], {
      loglevel: 'info',
    }),
  );
  daemons.push(daemon);
  const chatty = await daemon.waitState('chatty', 'RUNNING');
  await waitFor('dropped bytes counted', () => chatty.logs.droppedBytes() > 1_000_000);
  assert.equal(chatty.state, 'RUNNING');
  assert.match(readFileSync(daemon.log.path!, 'utf8'), /ERRO cannot write log .* of 'chatty': ENOSPC; dropped \d+ bytes/);
  chatty.stop();
  await daemon.waitState('chatty', 'STOPPED');
  chatty.start();
  await daemon.waitState('chatty', 'RUNNING');
});

test('clearProcessLogs empties the files of a STOPPED process in place (we fix Supervisor #804/#1228)', async () => {
  const dir = dirFor('clear');
  const out = path.join(dir, 'out.log');
  const err = path.join(dir, 'err.log');
  const daemon = startInProcess(
    configModel(dir, [processConfig('talker', `sh -c "echo out; echo err >&2"`, { stdout_logfile: out, stderr_logfile: err, startsecs: 0, autorestart: 'false' })]),
  );
  daemons.push(daemon);
  await daemon.waitState('talker', 'EXITED');
  await waitFor('logs written', () => statSync(out).size > 0 && statSync(err).size > 0);
  chmodSync(out, 0o640);
  const inode = statSync(out).ino;
  const namespace = createSupervisorNamespace(daemon.supervisor);
  assert.equal(namespace.readProcessStdoutLog('talker', 0, 0), 'out\n');
  assert.equal(namespace.clearProcessLogs('talker'), true);
  assert.equal(statSync(out).size, 0);
  assert.equal(statSync(err).size, 0);
  assert.equal(statSync(out).ino, inode);
  assert.equal(statSync(out).mode & 0o777, 0o640);
});

test('reopenLogs (SIGUSR2) moves writing to a fresh file after an external logrotate rename', async () => {
  const dir = dirFor('reopen');
  const out = path.join(dir, 'out.log');
  const daemon = startInProcess(configModel(dir, [processConfig('ticker', `sh -c "while :; do echo tick; sleep 0.05; done"`, { stdout_logfile: out, startsecs: 0 })]));
  daemons.push(daemon);
  await waitFor('ticks written', () => statSync(out, { throwIfNoEntry: false })?.size);
  execFileSync('mv', [out, `${out}.rotated`]);
  const rotatedSize = statSync(`${out}.rotated`).size;
  await waitFor('old file still written before reopen', () => statSync(`${out}.rotated`).size > rotatedSize);
  daemon.supervisor.reopenLogs();
  await waitFor('new file written after reopen', () => statSync(out, { throwIfNoEntry: false })?.size);
  assert.match(readFileSync(daemon.log.path!, 'utf8'), /INFO supervisord logreopen/);
  assert.match(readFileSync(out, 'utf8'), /^(tick\n)+$/);
});
