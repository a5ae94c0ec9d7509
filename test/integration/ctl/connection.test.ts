/**
 * svwizctl's connections against a real Python supervisord: http:// with Basic auth (401 text as
 * supervisorctl prints it), a daemon that is not there (supervisorctl's exit codes, one clear
 * line), a socket the user may not open, the interactive shell on piped input, --json and colour.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { chmodSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { startPythonSupervisord, type RunningSupervisord } from '../../helpers/python-supervisord.js';
import { maskOutput, parityConfigText, runCtl, SVWIZCTL_JS, startCtl } from '../../helpers/ctl-parity.js';
import { waitUntilAnswering } from '../../helpers/ctl-pair.js';

const dir = makeTempDir('ctc');
const conf = `${dir}/supervisord.conf`;
let port = 0;
let closedPort = 0;
let daemon: RunningSupervisord | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as { port: number };
      server.close(() => resolve(free));
    });
  });
}

before(async () => {
  port = await freePort();
  closedPort = await freePort();
  const inet = `\n[inet_http_server]\nport=127.0.0.1:${port}\nusername=admin\npassword=s3cret\n`;
  daemon = await startPythonSupervisord(dir, parityConfigText(dir, inet), `${dir}/s.sock`);
  await waitUntilAnswering(dir);
});

after(async () => {
  await daemon?.stop();
  removeTempDir(dir);
});

const both = (args: string[], options: { input?: string } = {}) => Promise.all([runCtl('svwizctl', args, options), runCtl('supervisorctl', args, options)]);
const mask = (text: string) => maskOutput(text, [dir]);

test('http:// with Basic auth: same answers as supervisorctl, 401 included', async () => {
  const url = `http://127.0.0.1:${port}`;
  for (const args of [
    ['-c', conf, '-s', url, 'status'],
    ['-c', conf, '-s', url, '-u', 'admin', '-p', 'wrong', 'version'],
    ['-c', conf, '-s', url, '-u', 'admin', '-p', 's3cret', 'status'],
    ['-c', conf, '-s', url, '-u', 'admin', '-p', 's3cret', 'tail', 'writer'],
    ['-c', conf, '-s', url, '-u', 'admin', '-p', 's3cret', 'avail'],
  ]) {
    const [ours, theirs] = await both(args);
    assert.equal(mask(ours.stdout), mask(theirs.stdout), args.join(' '));
    assert.equal(ours.code, theirs.code, args.join(' '));
  }
  const [unauthorized] = await both(['-c', conf, '-s', url, 'status']);
  assert.equal(unauthorized.stdout, "Server requires authentication\nerror: <class 'xmlrpc.client.ProtocolError'>, <ProtocolError for 127.0.0.1/RPC2: 401 Unauthorized>\n");
});

test('tail -f over http:// sends the credentials', async () => {
  const run = startCtl('svwizctl', ['-c', conf, '-s', `http://127.0.0.1:${port}`, '-u', 'admin', '-p', 's3cret', 'tail', '-f', 'writer']);
  try {
    await run.waitForOutput(/line2\n/);
    run.interrupt();
    assert.equal(await run.exited, 0);
    assert.equal(run.output(), '==> Press Ctrl-C to exit <==\nline1\nline2\n\n');
  } finally {
    run.kill();
  }
});

test('no daemon: supervisorctl exit codes, one clear line naming the fix', async () => {
  const gone = `unix://${dir}/gone.sock`;
  const refused = `http://127.0.0.1:${closedPort}`;
  const cases: [string, string[], string][] = [
    [gone, ['status'], 'no such file'],
    [gone, ['start', 'cat'], 'no such file'],
    [gone, ['pid'], 'no such file'],
    [gone, ['avail'], 'no such file'],
    [gone, ['reread'], 'no such file'],
    [refused, ['status'], 'refused connection'],
    [refused, ['stop', 'cat'], 'refused connection'],
    [refused, ['update'], 'refused connection'],
  ];
  for (const [url, args, reason] of cases) {
    const [ours, theirs] = await both(['-c', conf, '-s', url, ...args]);
    assert.equal(ours.code, theirs.code, `${url} ${args.join(' ')}: python said ${theirs.stdout}`);
    assert.equal(ours.stdout, '');
    assert.equal(ours.stderr, `svwizctl: cannot reach supervisor at ${url} (${reason}): start it with 'svwizd -c FILE' or your service, or run 'svwiz doctor'\n`);
  }
  for (const url of [gone, refused]) {
    const [ours, theirs] = await both(['-c', conf, '-s', url, 'shutdown']);
    assert.equal(ours.stdout, theirs.stdout);
    assert.equal(ours.code, theirs.code);
  }
  const json = await runCtl('svwizctl', ['-c', conf, '-s', gone, '--json', 'status']);
  assert.equal(json.code, 4);
  assert.match(JSON.parse(json.stdout).error, /cannot reach supervisor/);
});

test('a socket the user may not open: exit 1 as supervisorctl, and a permission hint', async () => {
  const locked = makeTempDir('ctl');
  chmodSync(locked, 0o755);
  try {
    // The daemon's own dir is 0700 root: nobody cannot reach the socket inside it.
    chmodSync(dir, 0o700);
    const asNobody = (command: string[]) => spawnSync('runuser', ['-u', 'nobody', '--', ...command], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const confCopy = `${locked}/ctl.conf`;
    spawnSync('cp', [conf, confCopy]);
    chmodSync(confCopy, 0o644);
    for (const args of [['status'], ['avail']]) {
      const ours = asNobody([process.execPath, SVWIZCTL_JS, '-c', confCopy, ...args]);
      const theirs = asNobody(['/usr/bin/supervisorctl', '-c', confCopy, ...args]);
      assert.match(theirs.stdout, /PermissionError/);
      assert.equal(ours.status, theirs.status, args.join(' '));
      assert.match(ours.stderr, /\(permission denied\): run as a user allowed to use the socket/);
    }
  } finally {
    removeTempDir(locked);
  }
});

test('the shell on piped input prints what supervisorctl prints', async () => {
  const input = 'status cat\nhelp quit\nfoo\n\n?version\nversion\nstatus nope\n';
  const [ours, theirs] = await both(['-c', conf], { input });
  assert.equal(mask(ours.stdout), mask(theirs.stdout));
  assert.equal(ours.code, 0);
  assert.equal(theirs.code, 0);
  const [quitOurs, quitTheirs] = await both(['-c', conf], { input: 'quit\nversion\n' });
  assert.equal(mask(quitOurs.stdout), mask(quitTheirs.stdout));
});

test('--json prints one document with the same facts as the text', async () => {
  const text = await runCtl('svwizctl', ['-c', conf, 'status']);
  const json = await runCtl('svwizctl', ['-c', conf, '--json', 'status']);
  assert.equal(json.code, text.code);
  const document = JSON.parse(json.stdout) as { processes: { namespec: string; statename: string; pid: number }[]; errors: unknown[] };
  assert.deepEqual(
    document.processes.map((info) => `${info.namespec} ${info.statename}`),
    text.stdout.trim().split('\n').map((line) => line.split(/\s+/).slice(0, 2).join(' ')),
  );
  const one = await runCtl('svwizctl', ['-c', conf, 'status', '--json', 'cat', 'nope']);
  assert.equal(one.code, 4);
  assert.deepEqual(JSON.parse(one.stdout).errors, [{ name: 'nope', error: 'no such process' }]);

  const version = await runCtl('svwizctl', ['-c', conf, 'version']);
  assert.deepEqual(JSON.parse((await runCtl('svwizctl', ['-c', conf, '--json', 'version'])).stdout), { schemaVersion: 1, version: version.stdout.trim() });

  const pid = await runCtl('svwizctl', ['-c', conf, 'pid', 'cat']);
  assert.deepEqual(JSON.parse((await runCtl('svwizctl', ['-c', conf, '--json', 'pid', 'cat'])).stdout), { schemaVersion: 1, processes: [{ name: 'cat', pid: Number(pid.stdout) }], errors: [] });

  const tail = JSON.parse((await runCtl('svwizctl', ['-c', conf, '--json', 'tail', 'writer'])).stdout);
  assert.deepEqual(tail, { schemaVersion: 1, name: 'writer', channel: 'stdout', bytes: 1600, output: 'line1\nline2\n' });

  const avail = JSON.parse((await runCtl('svwizctl', ['-c', conf, '--json', 'avail'])).stdout) as { processes: { namespec: string; inuse: boolean }[] };
  const availText = await runCtl('svwizctl', ['-c', conf, 'avail']);
  assert.deepEqual(avail.processes.map((info) => info.namespec), availText.stdout.trim().split('\n').map((line) => line.split(/\s+/)[0]));

  const refused = await runCtl('svwizctl', ['-c', conf, '--json', 'start', 'cat']);
  assert.equal(refused.code, 2);
});

test('colour only on a terminal and never with NO_COLOR', async () => {
  const onTty = (env: string) => spawnSync('script', ['-qec', `${env} ${process.execPath} ${SVWIZCTL_JS} -c ${conf} status cat`, '/dev/null'], { encoding: 'utf8' });
  // A user's terminal: no NO_COLOR and no CI (chalk turns colour off under CI=true, which the suite sets).
  const coloured = onTty('env -u NO_COLOR -u CI TERM=xterm-256color');
  assert.match(coloured.stdout, /\u001b\[32mRUNNING {3}\u001b\[39m/);
  const plain = onTty('env -u CI NO_COLOR=1 TERM=xterm-256color');
  assert.doesNotMatch(plain.stdout, /\u001b\[/);
  assert.match(plain.stdout, /^cat {30}RUNNING {3}pid \d+, uptime [\d:]+\r?\n$/);
  const piped = await runCtl('svwizctl', ['-c', conf, 'status', 'cat'], { env: { NO_COLOR: '' } });
  assert.doesNotMatch(piped.stdout, /\u001b\[/);
});

test('the shell keeps its history in the -r file', async () => {
  const history = `${dir}/history`;
  const session = spawnSync('script', ['-qec', `${process.execPath} ${SVWIZCTL_JS} -c ${conf} -r ${history}`, '/dev/null'], {
    encoding: 'utf8',
    input: 'version\npid\nquit\n',
    timeout: 30000,
  });
  assert.equal(session.status, 0, session.stdout);
  await waitFor('history file', () => readFileSync(history, 'utf8').includes('pid'));
  assert.deepEqual(readFileSync(history, 'utf8').trim().split('\n'), ['version', 'pid', 'quit']);
});
