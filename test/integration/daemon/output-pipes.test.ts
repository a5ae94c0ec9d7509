/**
 * The children's stdout/stderr are real pipes (issue 18): a fast writer's million lines arrive
 * complete and in order (rotated and maxbytes=0), redirect_stderr shares one pipe, stdin and the
 * log tail still work, start/stop cycles leak no fd, a SIGKILLed daemon's pipes dir is cleaned at
 * the next start, a child whose daemon died gets SIGPIPE, and without FIFOs the daemon falls back
 * to socketpairs and says so.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NumberedLineChecker } from '../../../bench/log-lines.js';
import { rotatedFilesInOrder } from '../../../bench/scenarios/log-capture.js';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import { rpcCall } from '../../helpers/daemon-rpc.js';
import { startSvwizd, type RunningSvwizd } from '../../helpers/svwizd-daemon.js';
import { isAlive } from '../../helpers/processes.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';

const LOG_WRITER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bench/log-writer.js');
const LINES = 1_000_000;
const LINE_BYTES = 100;

const root = makeTempDir('svw-opipes');
const daemons: RunningSvwizd[] = [];
after(async () => {
  for (const daemon of daemons) await daemon.stop();
  removeTempDir(root);
});

interface Started {
  dir: string;
  url: string;
  daemon: RunningSvwizd;
  tmpdir: string;
}

/** A daemon of its own with its own TMPDIR (where the pipes dir goes). */
async function start(name: string, programs: string, tmpdir = path.join(root, name, 'tmp')): Promise<Started> {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  if (tmpdir.startsWith(dir) && !existsSync(tmpdir)) mkdirSync(tmpdir);
  const daemon = await startSvwizd(dir, daemonConfigText(dir, programs), { env: { ...process.env, TMPDIR: tmpdir } });
  daemons.push(daemon);
  return { dir, url: `unix://${dir}/s.sock`, daemon, tmpdir };
}

/** Two programs writing `<name>-out` and `<name>-err`: `split` with two logs, `joined` with redirect_stderr. */
function outErrPrograms(split: string, joined: string, splitTail = 'exec sleep 60'): string {
  const program = (name: string, tail: string, logs: string): string =>
    `[program:${name}]\ncommand=/bin/sh -c 'echo ${name}-out; echo ${name}-err >&2; ${tail}'\n${logs}\n`;
  return (
    program(split, splitTail, `stdout_logfile=%(here)s/${split}.out\nstderr_logfile=%(here)s/${split}.err`) +
    program(joined, 'exec sleep 60', `redirect_stderr=true\nstdout_logfile=%(here)s/${joined}.out`)
  );
}

async function pidOf(url: string, name: string): Promise<number> {
  return waitFor(`${name} running`, async () => {
    const info = (await rpcCall(url, 'supervisor.getProcessInfo', name)) as { statename: string; pid: number };
    return info.statename === 'RUNNING' && info.pid;
  });
}

/** What a child's fd is: `pipe:INODE` (a FIFO, unlinked or not) or `socket:INODE`. */
function fdTarget(pid: number, fd: number): string {
  const stat = statSync(`/proc/${pid}/fd/${fd}`);
  return `${stat.isFIFO() ? 'pipe' : stat.isSocket() ? 'socket' : 'other'}:${stat.ino}`;
}

async function checkNumberedLines(logDir: string, base: string): Promise<void> {
  const checker = new NumberedLineChecker(LINE_BYTES);
  const files = rotatedFilesInOrder(readdirSync(logDir), base);
  for (const name of files) {
    for await (const chunk of createReadStream(path.join(logDir, name), { highWaterMark: 1 << 20 })) checker.feed(chunk as Buffer);
  }
  const check = checker.finish(LINES);
  assert.equal(check.bad, 0, `lost or reordered lines across ${files.join(', ')}: ${check.firstProblem}`);
  assert.equal(check.good, LINES);
}

for (const variant of [
  { name: 'rotated', keys: 'stdout_logfile_maxbytes=10MB\nstdout_logfile_backups=20' },
  { name: 'flat', keys: 'stdout_logfile_maxbytes=0' },
]) {
  test(`a fast writer's ${LINES} lines arrive complete and in order (${variant.name})`, async () => {
    const dir = path.join(root, `writer-${variant.name}`);
    const stamp = path.join(dir, 'stamp.json');
    const { url } = await start(
      `writer-${variant.name}`,
      `[program:w]
command=${process.execPath} ${LOG_WRITER} ${LINES * LINE_BYTES} ${LINE_BYTES} 4096 ${stamp}
stdout_logfile=${dir}/w.log
${variant.keys}
autostart=false
autorestart=false
startsecs=0
`,
    );
    await rpcCall(url, 'supervisor.startProcess', 'w', false);
    await waitFor('writer done', () => existsSync(stamp), { timeoutMs: 120000 });
    const total = LINES * LINE_BYTES;
    const sizes = (): number =>
      rotatedFilesInOrder(readdirSync(dir), 'w.log').reduce((sum, name) => sum + readFileSync(path.join(dir, name)).length, 0);
    await waitFor(`${total} bytes logged`, () => sizes() === total, { timeoutMs: 60000, intervalMs: 200 });
    await checkNumberedLines(dir, 'w.log');
    if (variant.name === 'rotated') assert.ok(existsSync(`${dir}/w.log.5`), 'rotated');
  });
}

test('stdout and stderr are pipes; redirect_stderr shares one; stdin and the log tail still work', async () => {
  const { dir, url } = await start('behaviour', outErrPrograms('split', 'joined', 'exec cat'));
  const split = await pidOf(url, 'split');
  const joined = await pidOf(url, 'joined');
  assert.match(fdTarget(split, 1), /^pipe:/);
  assert.match(fdTarget(split, 2), /^pipe:/);
  assert.notEqual(fdTarget(split, 1), fdTarget(split, 2));
  assert.match(fdTarget(split, 0), /^socket:/, 'stdin stays a socketpair (sendProcessStdin)');
  assert.match(fdTarget(joined, 1), /^pipe:/);
  assert.equal(fdTarget(joined, 2), fdTarget(joined, 1), 'redirect_stderr: one pipe on fd 1 and fd 2');

  await rpcCall(url, 'supervisor.sendProcessStdin', 'split', 'from stdin\n');
  await waitFor('stdin echoed', () => readFileSync(`${dir}/split.out`, 'utf8') === 'split-out\nfrom stdin\n');
  await waitFor('stderr logged', () => readFileSync(`${dir}/split.err`, 'utf8') === 'split-err\n');
  await waitFor('joined logged', () => readFileSync(`${dir}/joined.out`, 'utf8') === 'joined-out\njoined-err\n');
  assert.deepEqual(await rpcCall(url, 'supervisor.tailProcessStdoutLog', 'split', 0, 100), ['split-out\nfrom stdin\n', 21, false]);
  assert.equal(await rpcCall(url, 'supervisor.readProcessStderrLog', 'split', 0, 0), 'split-err\n');
});

test('200 start/stop cycles leak no fd and no FIFO', async () => {
  const { url, daemon, tmpdir } = await start(
    'cycles',
    `[program:c]
command=/bin/sh -c 'echo started; exec sleep 60'
autostart=false
startsecs=0
stdout_logfile=%(here)s/c.out
stderr_logfile=%(here)s/c.err
`,
  );
  const fds = (): number => readdirSync(`/proc/${daemon.child.pid}/fd`).length;
  const cycle = async (): Promise<void> => {
    await rpcCall(url, 'supervisor.startProcess', 'c', true);
    await rpcCall(url, 'supervisor.stopProcess', 'c', true);
  };
  for (let i = 0; i < 5; i++) await cycle();
  const before = fds();
  for (let i = 0; i < 200; i++) await cycle();
  await waitFor(`fds back to ${before}`, () => fds() <= before, { timeoutMs: 10000 });
  const [pipesDir] = readdirSync(tmpdir).filter((name) => name.startsWith('svwizd-pipes-'));
  assert.ok(pipesDir, 'the daemon made its pipes dir');
  assert.ok(readdirSync(path.join(tmpdir, pipesDir)).length <= 256, 'only FIFOs not yet handed out remain');
});

test("a SIGKILLed daemon's pipes dir is removed at the next start; a live daemon's and another user's are not", async () => {
  const tmpdir = path.join(root, 'stale-tmp');
  mkdirSync(tmpdir);
  const deadPid = spawnSync('/bin/sh', ['-c', 'echo $$']).stdout.toString().trim();
  const stale = path.join(tmpdir, `svwizd-pipes-${deadPid}-AbC123`);
  const live = path.join(tmpdir, `svwizd-pipes-${process.pid}-XyZ789`);
  const notOurs = path.join(tmpdir, `svwizd-pipes-${deadPid}-NotOur`);
  for (const dir of [stale, live, notOurs]) mkdirSync(dir, { mode: 0o700 });
  spawnSync('mkfifo', [path.join(stale, '0')]);
  spawnSync('chown', ['nobody', notOurs]);
  const first = await start('stale', `[program:s]\ncommand=/bin/sh -c 'echo hi; exec sleep 60'\nstdout_logfile=%(here)s/s.out\n`, tmpdir);
  await pidOf(first.url, 's');
  assert.ok(!existsSync(stale), 'the dead daemon’s dir is gone');
  assert.ok(existsSync(live), 'a live pid’s dir stays');
  assert.ok(existsSync(notOurs), 'another user’s dir stays');
  assert.match(readFileSync(`${first.dir}/main.log`, 'utf8'), /removed stale output pipes dir .*AbC123/);
  const own = readdirSync(tmpdir).filter((name) => name.startsWith(`svwizd-pipes-${first.daemon.child.pid}-`));
  assert.equal(own.length, 1, 'the daemon made its own dir');
  await first.daemon.stop();
  assert.ok(!existsSync(path.join(tmpdir, own[0]!)), 'a daemon that stops removes its dir');
});

test('a child whose daemon was SIGKILLed gets SIGPIPE on its next write, as with a pipe', async () => {
  const { dir, url, daemon } = await start(
    'orphan',
    `[program:o]
command=/bin/sh -c 'while :; do echo tick; sleep 0.05; done'
stdout_logfile=%(here)s/o.out
`,
  );
  const pid = await pidOf(url, 'o');
  await waitFor('ticks logged', () => readFileSync(`${dir}/o.out`, 'utf8').includes('tick'));
  daemon.child.kill('SIGKILL');
  await waitFor('the child ended by SIGPIPE', () => !isAlive(pid), { timeoutMs: 10000 });
});

test('without FIFOs (TMPDIR missing) output goes through socketpairs and the daemon says so once', async () => {
  const { dir, url } = await start('fallback', outErrPrograms('a', 'b'), path.join(root, 'no-such-tmp'));
  const a = await pidOf(url, 'a');
  await pidOf(url, 'b');
  assert.match(fdTarget(a, 1), /^socket:/);
  await waitFor('a logged', () => readFileSync(`${dir}/a.out`, 'utf8') === 'a-out\n' && readFileSync(`${dir}/a.err`, 'utf8') === 'a-err\n');
  await waitFor('b logged', () => readFileSync(`${dir}/b.out`, 'utf8') === 'b-out\nb-err\n');
  const warnings = readFileSync(`${dir}/main.log`, 'utf8').match(/cannot make output pipes/g) ?? [];
  assert.equal(warnings.length, 1);
});
