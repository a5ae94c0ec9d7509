/**
 * Liveness checks (issue 17) against the real svwizd bin, with real programs and sockets on
 * 127.0.0.1: an HTTP service that starts answering 503 is restarted after period × threshold, a
 * TCP service that stops listening is stopped (failure_action=stop), and a command check whose
 * failure action is a command shows "unhealthy" in the real supervisorctl's and svwizctl's
 * status, alerts a webhook (failing, then recovered), sends a svwiz.health event to a listener,
 * and stops checking once the program is stopped.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import { rpcCall } from '../../helpers/daemon-rpc.js';
import { startSvwizd, SVWIZD_BIN, type RunningSvwizd } from '../../helpers/svwizd-daemon.js';
import { recordingListener } from '../../helpers/daemon-events.js';
import { SVWIZCTL_JS } from '../../helpers/ctl-parity.js';
import { PYTHON_SUPERVISORCTL } from '../../helpers/python-supervisord.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';

const run = promisify(execFile);
const dirs: string[] = [];
const daemons: RunningSvwizd[] = [];
after(async () => {
  for (const daemon of daemons) await daemon.stop();
  for (const dir of dirs) removeTempDir(dir);
});

async function daemonWith(programs: string): Promise<{ dir: string; url: string; mainLog: () => string }> {
  const dir = makeTempDir('svw-live');
  dirs.push(dir);
  const daemon = await startSvwizd(dir, daemonConfigText(dir, programs.replaceAll('DIR', dir)));
  daemons.push(daemon);
  return { dir, url: `unix://${dir}/s.sock`, mainLog: () => readFileSync(path.join(dir, 'main.log'), 'utf8') };
}

/** A port nothing listens on right now (the program binds it a moment later). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

type Info = { statename: string; pid: number; description: string; health?: string; health_failures?: number };
const info = async (url: string, name: string): Promise<Info> => (await rpcCall(url, 'supervisor.getProcessInfo', name)) as unknown as Info;

/** Writes the service programs: on SIGUSR2 the HTTP one answers 503, the TCP one stops listening (both stay alive). */
function writeServices(dir: string): void {
  writeFileSync(
    path.join(dir, 'http-service.cjs'),
    `const http = require('http');
let sick = false;
process.on('SIGUSR2', () => { sick = true; });
http.createServer((req, res) => { res.statusCode = sick ? 503 : 200; res.end(sick ? 'sick' : 'ok'); }).listen(Number(process.argv[2]), '127.0.0.1');
`,
  );
  writeFileSync(
    path.join(dir, 'tcp-service.cjs'),
    `const net = require('net');
const server = net.createServer((socket) => socket.end()).listen(Number(process.argv[2]), '127.0.0.1');
process.on('SIGUSR2', () => server.close());
setInterval(() => {}, 1 << 30);
`,
  );
}

describe('liveness checks', () => {
  it('restarts an HTTP service that answers 503 after period × failure_threshold, and counts the restart', async () => {
    const port = await freePort();
    const { dir, url, mainLog } = await daemonWith(`[program:web]
command=${process.execPath} DIR/http-service.cjs ${port}
startsecs=1
liveness_check_script=http://127.0.0.1:${port}/health
liveness_check_initial_delay=0
liveness_check_period=1
liveness_check_timeout=2
liveness_check_failure_threshold=3
`);
    writeServices(dir);
    const first = await waitFor('web RUNNING and healthy', async () => {
      const now = await info(url, 'web');
      return now.statename === 'RUNNING' && now.health === 'healthy' && now;
    }, { timeoutMs: 20000 });
    assert.equal(first.description.includes('unhealthy'), false);
    assert.equal(first.health_failures, 0);

    await rpcCall(url, 'supervisor.signalProcess', 'web', 'USR2');
    const signalled = Date.now();
    const failing = await waitFor('failing shown in the description', async () => {
      const now = await info(url, 'web');
      return /health check failing: HTTP 503 \([12] of 3 failures\)$/.test(now.description) && now;
    }, { timeoutMs: 20000, intervalMs: 100 });
    assert.equal(failing.pid, first.pid, 'not restarted before the threshold');
    await waitFor('liveness restart in the log', () => /WARN web: liveness check failing: HTTP 503 \(3 failures in a row\); liveness_check_failure_action is restart/.test(mainLog()), { timeoutMs: 20000, intervalMs: 50 });
    const elapsed = Date.now() - signalled;
    // Three failures one period apart: at least two periods after the signal, and well under 3 × (period + timeout).
    assert.ok(elapsed >= 2000 && elapsed < 9000, `restarted ${elapsed} ms after the service turned sick`);
    const again = await waitFor('web RUNNING with a new pid', async () => {
      const now = await info(url, 'web');
      return now.statename === 'RUNNING' && now.pid !== first.pid && now.pid > 0 && now;
    }, { timeoutMs: 20000 });
    assert.match(again.description, /^pid \d+, uptime \d+:\d\d:\d\d, restarted 1 times for its liveness check$/);
    assert.match(mainLog(), /stopped: web \(terminated by SIGTERM\)/);
    // The new process answers 200 again: healthy, and no second restart.
    await waitFor('healthy again', async () => (await info(url, 'web')).health === 'healthy', { timeoutMs: 20000 });
    assert.equal((mainLog().match(/liveness_check_failure_action is restart/g) ?? []).length, 1);
  });

  it('stops a TCP service that stops listening (failure_action=stop), and checks nothing once it is stopped', async () => {
    const port = await freePort();
    const { dir, url, mainLog } = await daemonWith(`[program:db]
command=${process.execPath} DIR/tcp-service.cjs ${port}
startsecs=1
liveness_check_script=tcp://127.0.0.1:${port}
liveness_check_initial_delay=0
liveness_check_period=1
liveness_check_timeout=1
liveness_check_failure_threshold=2
liveness_check_failure_action=stop
`);
    writeServices(dir);
    await waitFor('db RUNNING and healthy', async () => (await info(url, 'db')).health === 'healthy', { timeoutMs: 20000 });
    await rpcCall(url, 'supervisor.signalProcess', 'db', 'USR2');
    const stopped = await waitFor('db STOPPED', async () => {
      const now = await info(url, 'db');
      return now.statename === 'STOPPED' && now;
    }, { timeoutMs: 20000 });
    assert.equal(stopped.health, 'unknown');
    assert.match(mainLog(), /WARN db: liveness check failing: connection refused \(2 failures in a row\); liveness_check_failure_action is stop/);
    assert.match(mainLog(), /WARN stopping db for its liveness check/);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal((await info(url, 'db')).statename, 'STOPPED', 'stop is not undone by autorestart');
  });

  it('a failing command check runs the action command, shows unhealthy in supervisorctl and svwizctl, alerts, sends an event, recovers, and stops with the program', async () => {
    const received: Record<string, unknown>[] = [];
    const hook: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push(JSON.parse(body) as Record<string, unknown>);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    after(() => hook.close());
    const hookPort = (hook.address() as net.AddressInfo).port;
    const dir = makeTempDir('svw-live');
    dirs.push(dir);
    const programs = `[program:worker]
command=/bin/sleep 1000
startsecs=1
liveness_check_script=echo x >> ${dir}/checks; test ! -e ${dir}/sick
liveness_check_initial_delay=0
liveness_check_period=1
liveness_check_timeout=5
liveness_check_failure_threshold=2
liveness_check_success_threshold=2
liveness_check_failure_action=echo "$SUPERVISOR_PROCESS_NAME $SVWIZ_HEALTH $SVWIZ_HEALTH_REASON" > ${dir}/action
liveness_check_success_action=echo $SVWIZ_HEALTH >> ${dir}/recovered

${recordingListener(dir, 'health', 'REMOTE_COMMUNICATION')}
[alerts]
webhook_url=http://127.0.0.1:${hookPort}/hook

[supervisorctl]
serverurl=unix://${dir}/s.sock
`;
    const daemon = await startSvwizd(dir, daemonConfigText(dir, programs));
    daemons.push(daemon);
    const url = `unix://${dir}/s.sock`;
    const mainLog = (): string => readFileSync(path.join(dir, 'main.log'), 'utf8');
    const first = await waitFor('worker healthy', async () => {
      const now = await info(url, 'worker');
      return now.health === 'healthy' && now;
    }, { timeoutMs: 20000 });

    writeFileSync(path.join(dir, 'sick'), '');
    await waitFor('action command ran', () => existsSync(path.join(dir, 'action')) && readFileSync(path.join(dir, 'action'), 'utf8').endsWith('\n'), { timeoutMs: 20000 });
    assert.equal(readFileSync(path.join(dir, 'action'), 'utf8'), 'worker unhealthy exit status 1\n');
    const sick = await waitFor('unhealthy', async () => {
      const now = await info(url, 'worker');
      return now.health === 'unhealthy' && now;
    });
    assert.equal(sick.statename, 'RUNNING');
    assert.equal(sick.pid, first.pid, 'a command action leaves the process alone');
    assert.match(sick.description, /^pid \d+, uptime \d+:\d\d:\d\d, unhealthy: exit status 1 \(\d+ failures\)$/);

    const conf = daemon.configPath;
    const pythonStatus = await run(PYTHON_SUPERVISORCTL, ['-c', conf, 'status', 'worker']).catch((error: { stdout: string }) => error);
    assert.match(pythonStatus.stdout, /^worker\s+RUNNING\s+pid \d+, uptime \d+:\d\d:\d\d, unhealthy: exit status 1 \(\d+ failures\)\n$/);
    const ourStatus = await run(process.execPath, [SVWIZCTL_JS, '-c', conf, '-s', url, 'status', 'worker']).catch((error: { stdout: string }) => error);
    assert.match(ourStatus.stdout, /^worker\s+RUNNING\s+pid \d+, uptime \d+:\d\d:\d\d, unhealthy: exit status 1 \(\d+ failures\)\n$/);

    rmSync(path.join(dir, 'sick'));
    await waitFor('healthy again', async () => (await info(url, 'worker')).health === 'healthy', { timeoutMs: 20000 });
    assert.equal((await info(url, 'worker')).description.includes('unhealthy'), false);
    // The success action runs when the check first passes, and again when it passes after failing (as in ochinchina).
    await waitFor('success action ran twice', () => existsSync(path.join(dir, 'recovered')) && readFileSync(path.join(dir, 'recovered'), 'utf8') === 'healthy\nhealthy\n', { timeoutMs: 10000 });
    await waitFor('failing and recovery alerts', () => received.length >= 2, { timeoutMs: 10000 });
    assert.deepEqual(received.map((body) => [body.kind, body.process]), [
      ['health_check', 'worker:worker'],
      ['recovery', 'worker:worker'],
    ]);
    assert.match(String(received[0]!.message), /^liveness check failing: exit status 1 \(2 failures in a row\)$/);
    assert.match(String(received[1]!.message), /^liveness check passes again \(after 1 failure\)$/);

    const events = await waitFor('three svwiz.health events', () => {
      const file = path.join(dir, 'health.jsonl');
      const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
      const parsed = lines.map((line) => JSON.parse(line) as { headers: Record<string, string>; payload: string });
      return parsed.length >= 3 && parsed;
    }, { timeoutMs: 10000 });
    assert.deepEqual(events.map((event) => event.headers.eventname), ['REMOTE_COMMUNICATION', 'REMOTE_COMMUNICATION', 'REMOTE_COMMUNICATION']);
    assert.deepEqual(events.map((event) => event.payload), [
      'type:svwiz.health\nprocessname:worker groupname:worker health:healthy failures:0',
      'type:svwiz.health\nprocessname:worker groupname:worker health:unhealthy failures:2\nexit status 1',
      'type:svwiz.health\nprocessname:worker groupname:worker health:healthy failures:0',
    ]);

    await rpcCall(url, 'supervisor.stopProcess', 'worker', true);
    const checksAtStop = readFileSync(path.join(dir, 'checks'), 'utf8').length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal(readFileSync(path.join(dir, 'checks'), 'utf8').length, checksAtStop, 'no check runs while the program is stopped');
    assert.doesNotMatch(mainLog(), /Traceback|uncaught|liveness check of worker:/i);
    assert.equal(daemon.child.exitCode, null, 'the daemon keeps running');
  });

  it('a server that accepts but never answers is a timeout, and the check leaves no connection open', async () => {
    const open = new Set<net.Socket>();
    let accepted = 0;
    const silent = net.createServer((socket) => {
      accepted += 1;
      open.add(socket);
      // Read (and drop) the request, so the probe's FIN is seen and the socket closes.
      socket.resume();
      socket.on('close', () => open.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    after(() => silent.close());
    const port = (silent.address() as net.AddressInfo).port;
    const { url } = await daemonWith(`[program:stuck]
command=/bin/sleep 1000
startsecs=1
liveness_check_script=http://127.0.0.1:${port}/health
liveness_check_initial_delay=0
liveness_check_period=1
liveness_check_timeout=1
liveness_check_failure_threshold=1
liveness_check_failure_action=true
`);
    const sick = await waitFor('unhealthy by timeout', async () => {
      const now = await info(url, 'stuck');
      return now.health === 'unhealthy' && now;
    }, { timeoutMs: 20000 });
    assert.match(sick.description, /, unhealthy: timed out after 1 s \(\d+ failures?\)$/);
    await rpcCall(url, 'supervisor.stopProcess', 'stuck', true);
    await waitFor('every probe connection closed', () => open.size === 0, { timeoutMs: 5000 });
    const acceptedAtStop = accepted;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.equal(accepted, acceptedAtStop, 'no probe after the stop');
    assert.ok(acceptedAtStop >= 1);
  });

  it('svwizd refuses a bad liveness key at startup, naming file:line, section, key and what is valid', async () => {
    const dir = makeTempDir('svw-live');
    dirs.push(dir);
    const conf = path.join(dir, 'bad.conf');
    writeFileSync(conf, daemonConfigText(dir, '[program:a]\ncommand=/bin/sleep 100\nliveness_check_script=http://127.0.0.1:1/\nliveness_check_failure_threshold=0\n'));
    const lines = readFileSync(conf, 'utf8').split('\n');
    const line = lines.indexOf('liveness_check_failure_threshold=0') + 1;
    const result = await run(process.execPath, [SVWIZD_BIN, '-n', '-c', conf]).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    assert.equal(result.code, 2);
    assert.equal(result.stderr.trim(), `Error: ${conf}:${line}: [program:a] liveness_check_failure_threshold: 0 is below 1 (valid: a whole number of checks, 1 or more)`);
    assert.equal(existsSync(path.join(dir, 's.sock')), false, 'nothing started');
  });
});
