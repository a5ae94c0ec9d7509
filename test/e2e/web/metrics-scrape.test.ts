/**
 * /metrics of the real svwizd bin, scraped over loopback with a real HTTP client (fetch, and
 * node:http on the unix socket) and read by a real Prometheus text parser: families, types and
 * labels; numbers that move when a program is restarted, killed, stopped and re-added; Basic auth
 * on /metrics unless `metrics_auth = false` opens it (and only it). Python supervisord 4.2.5 starts
 * on a config that carries the key.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rpcCall } from '../../helpers/daemon-rpc.js';
import { startSvwizd, type RunningSvwizd } from '../../helpers/svwizd-daemon.js';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import { parseExposition, sampleValue, type ScrapedFamily } from '../../helpers/prometheus-scrape.js';
import { startPythonSupervisord } from '../../helpers/python-supervisord.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { freePort } from '../../helpers/svwizd-daemon.js';

const AUTH = `Basic ${Buffer.from('prom:secret').toString('base64')}`;

function unixGet(socketPath: string, urlPath: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: urlPath, host: 'localhost' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('/metrics on svwizd', { timeout: 120000 }, () => {
  let dir: string;
  let daemon: RunningSvwizd;
  let socket: string;
  let closedUrl: string;
  let openUrl: string;

  const scrape = async (): Promise<Map<string, ScrapedFamily>> => {
    const response = await fetch(`${closedUrl}/metrics`, { headers: { Authorization: AUTH } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    return parseExposition(await response.text());
  };
  const info = async (name: string) => (await rpcCall(`unix://${socket}`, 'supervisor.getProcessInfo', name)) as { state: number; pid: number; statename: string };
  const waitRunning = (name: string, notPid = 0) =>
    waitFor(`${name} RUNNING`, async () => {
      const now = await info(name);
      return now.statename === 'RUNNING' && now.pid !== notPid ? now : undefined;
    }, { timeoutMs: 30000 });
  const of = (name: string) => ({ group: name, name });

  before(async () => {
    dir = makeTempDir('svw-metrics');
    socket = path.join(dir, 's.sock');
    const [closedPort, openPort] = [await freePort(), await freePort()];
    closedUrl = `http://127.0.0.1:${closedPort}`;
    openUrl = `http://127.0.0.1:${openPort}`;
    const programs = `
[inet_http_server]
port=127.0.0.1:${closedPort}
username=prom
password=secret

[inet_http_server_open]
port=127.0.0.1:${openPort}
username=prom
password=secret
metrics_auth=false

[program:sleeper]
command=/bin/sleep 1000

[program:crasher]
command=/bin/sleep 1001
startsecs=0

[program:sick]
; its liveness check always fails; the failure action is a command, so it stays RUNNING and unhealthy
command=/bin/sleep 1003
startsecs=0
liveness_check_script=/bin/false
liveness_check_initial_delay=0
liveness_check_period=1
liveness_check_failure_threshold=1
liveness_check_failure_action=/bin/true

[eventlistener:listener]
; never says READY: every event it subscribes to waits in the pool, which holds two
command=/bin/sleep 1002
events=PROCESS_STATE
buffer_size=2
`;
    daemon = await startSvwizd(dir, daemonConfigText(dir, programs, 'identifier=metrics-e2e'));
    await waitRunning('sleeper');
    await waitRunning('crasher');
  });

  after(async () => {
    await daemon?.stop();
    if (dir) removeTempDir(dir);
  });

  it('exposes every family with its type and labels, and the daemon identity', async () => {
    const families = await scrape();
    for (const [name, type] of [
      ['svwiz_process_state', 'GAUGE'], ['svwiz_process_up', 'GAUGE'], ['svwiz_process_start_time_seconds', 'GAUGE'],
      ['svwiz_process_restarts_total', 'COUNTER'], ['svwiz_process_exits_total', 'COUNTER'], ['svwiz_process_cpu_seconds_total', 'COUNTER'],
      ['svwiz_process_resident_memory_bytes', 'GAUGE'], ['svwiz_process_healthy', 'GAUGE'], ['svwiz_eventlistener_queue_length', 'GAUGE'],
      ['svwiz_eventlistener_dropped_events_total', 'COUNTER'], ['svwiz_daemon_info', 'GAUGE'], ['svwiz_daemon_uptime_seconds', 'GAUGE'],
      ['node_supervisord_up', 'GAUGE'], ['node_supervisord_state', 'GAUGE'], ['node_supervisord_exit_status', 'GAUGE'],
      ['node_supervisord_start_time_seconds', 'COUNTER'],
    ] as const) {
      assert.equal(families.get(name)?.type, type, name);
    }
    assert.deepEqual(families.get('svwiz_daemon_info')!.samples[0]!.labels.identifier, 'metrics-e2e');
    assert.equal(families.get('svwiz_daemon_info')!.samples[0]!.labels.pid, String(daemon.child.pid));
    assert.ok(sampleValue(families, 'svwiz_daemon_uptime_seconds') >= 0);
    assert.equal(sampleValue(families, 'svwiz_process_state', { ...of('sleeper'), state: 'RUNNING' }), 1);
    assert.equal(sampleValue(families, 'svwiz_process_state', { ...of('sleeper'), state: 'STOPPED' }), 0);
    assert.equal(sampleValue(families, 'svwiz_process_up', of('sleeper')), 1);
    assert.equal(sampleValue(families, 'svwiz_process_healthy', of('sleeper')), 1);
    assert.ok(sampleValue(families, 'svwiz_process_resident_memory_bytes', of('sleeper')) > 0);
    assert.ok(sampleValue(families, 'svwiz_process_cpu_seconds_total', of('sleeper')) >= 0);
    // node_exporter's families, with its label names.
    assert.equal(sampleValue(families, 'node_supervisord_state', { name: 'sleeper', group: 'sleeper' }), 20);
    assert.equal(sampleValue(families, 'node_supervisord_up', { name: 'sleeper', group: 'sleeper' }), 1);
    const started = sampleValue(families, 'node_supervisord_start_time_seconds', { name: 'sleeper', group: 'sleeper' });
    assert.ok(Math.abs(started - Date.now() / 1000) < 120, `start time ${started}`);
    assert.deepEqual(Object.keys(families.get('node_supervisord_up')!.samples[0]!.labels).sort(), ['group', 'name']);
  });

  it('the health gauge follows the liveness check: 0 while it fails, 1 for a process without one', async () => {
    await waitFor('sick to be unhealthy in /metrics', async () => sampleValue(await scrape(), 'svwiz_process_healthy', of('sick')) === 0, { timeoutMs: 10000 });
    const families = await scrape();
    assert.equal(sampleValue(families, 'svwiz_process_up', of('sick')), 1, 'still RUNNING: its failure action is a command');
    assert.equal(sampleValue(families, 'svwiz_process_healthy', of('sleeper')), 1);
  });

  it('a restart adds one restart and one expected exit', async () => {
    const before = await scrape();
    const pid = (await info('sleeper')).pid;
    await rpcCall(`unix://${socket}`, 'supervisor.stopProcess', 'sleeper');
    await rpcCall(`unix://${socket}`, 'supervisor.startProcess', 'sleeper');
    await waitRunning('sleeper', pid);
    const afterwards = await scrape();
    const delta = (name: string, labels: Record<string, string>) => sampleValue(afterwards, name, labels) - sampleValue(before, name, labels);
    assert.equal(delta('svwiz_process_restarts_total', of('sleeper')), 1);
    assert.equal(delta('svwiz_process_exits_total', { ...of('sleeper'), expected: 'true' }), 1);
    assert.equal(delta('svwiz_process_exits_total', { ...of('sleeper'), expected: 'false' }), 0);
    assert.ok(delta('svwiz_process_start_time_seconds', of('sleeper')) > 0);
  });

  it('a kill adds one unexpected exit and an automatic restart', async () => {
    const before = await scrape();
    const pid = (await info('crasher')).pid;
    process.kill(pid, 'SIGKILL');
    await waitRunning('crasher', pid);
    const afterwards = await scrape();
    const delta = (name: string, labels: Record<string, string>) => sampleValue(afterwards, name, labels) - sampleValue(before, name, labels);
    assert.equal(delta('svwiz_process_exits_total', { ...of('crasher'), expected: 'false' }), 1);
    assert.equal(delta('svwiz_process_exits_total', { ...of('crasher'), expected: 'true' }), 0);
    assert.equal(delta('svwiz_process_restarts_total', of('crasher')), 1);
    assert.equal(sampleValue(afterwards, 'node_supervisord_exit_status', { name: 'crasher', group: 'crasher' }), sampleValue(afterwards, 'svwiz_process_exit_status', of('crasher')));
  });

  it('a stop changes the state; counters survive removing and re-adding the group', async () => {
    await rpcCall(`unix://${socket}`, 'supervisor.stopProcess', 'crasher');
    const stopped = await scrape();
    assert.equal(sampleValue(stopped, 'svwiz_process_state', { ...of('crasher'), state: 'STOPPED' }), 1);
    assert.equal(sampleValue(stopped, 'svwiz_process_state', { ...of('crasher'), state: 'RUNNING' }), 0);
    assert.equal(sampleValue(stopped, 'node_supervisord_up', { name: 'crasher', group: 'crasher' }), 0);
    assert.equal(stopped.get('node_supervisord_start_time_seconds')!.samples.some((s) => s.labels.name === 'crasher'), false);
    assert.equal(stopped.get('svwiz_process_resident_memory_bytes')!.samples.some((s) => s.labels.name === 'crasher'), false);

    await rpcCall(`unix://${socket}`, 'supervisor.removeProcessGroup', 'crasher');
    await rpcCall(`unix://${socket}`, 'supervisor.addProcessGroup', 'crasher');
    await waitRunning('crasher');
    const readded = await scrape();
    assert.equal(sampleValue(readded, 'svwiz_process_spawns_total', of('crasher')), sampleValue(stopped, 'svwiz_process_spawns_total', of('crasher')) + 1);
    for (const expected of ['true', 'false']) {
      const labels = { ...of('crasher'), expected };
      assert.equal(sampleValue(readded, 'svwiz_process_exits_total', labels), sampleValue(stopped, 'svwiz_process_exits_total', labels));
    }
  });

  it('counts the events a full listener pool drops', async () => {
    const families = await scrape();
    assert.equal(sampleValue(families, 'svwiz_eventlistener_queue_length', { pool: 'listener' }), 2);
    assert.equal(sampleValue(families, 'svwiz_eventlistener_buffer_size', { pool: 'listener' }), 2);
    assert.ok(sampleValue(families, 'svwiz_eventlistener_dropped_events_total', { pool: 'listener' }) > 0);
  });

  it('asks for Basic auth on /metrics by default', async () => {
    const response = await fetch(`${closedUrl}/metrics`);
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate') ?? '', /^Basic /);
    const wrong = await fetch(`${closedUrl}/metrics`, { headers: { Authorization: `Basic ${Buffer.from('prom:nope').toString('base64')}` } });
    assert.equal(wrong.status, 401);
  });

  it('metrics_auth = false opens /metrics on that server, and nothing else', async () => {
    const response = await fetch(`${openUrl}/metrics`);
    assert.equal(response.status, 200);
    assert.equal(sampleValue(parseExposition(await response.text()), 'svwiz_process_up', of('sleeper')), 1);
    assert.equal((await fetch(`${openUrl}/ok.html`)).status, 401);
    assert.equal((await fetch(`${openUrl}/metrics`, { method: 'POST' })).status, 401);
    assert.equal((await fetch(`${openUrl}/RPC2`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: '<methodCall/>' })).status, 401);
  });

  it('serves /metrics on the unix socket server too', async () => {
    const answer = await unixGet(socket, '/metrics');
    assert.equal(answer.status, 200);
    assert.match(answer.type, /^text\/plain; version=0\.0\.4/);
    assert.equal(sampleValue(parseExposition(answer.body), 'svwiz_process_up', of('sleeper')), 1);
  });
});

describe('metrics_auth and Python supervisord', { timeout: 60000 }, () => {
  it('supervisord 4.2.5 starts on a config with metrics_auth in both server sections', async () => {
    const dir = makeTempDir('svw-metrics-py');
    const socket = path.join(dir, 's.sock');
    const port = await freePort();
    const programs = `[inet_http_server]\nport=127.0.0.1:${port}\nusername=prom\npassword=secret\nmetrics_auth=false\n\n[program:sleeper]\ncommand=/bin/sleep 1003\n`;
    const text = daemonConfigText(dir, programs).replace('[unix_http_server]\n', '[unix_http_server]\nmetrics_auth=false\n');
    assert.match(text, /\[unix_http_server\]\nmetrics_auth=false\nfile=/);
    const python = await startPythonSupervisord(dir, text, socket);
    try {
      const state = (await waitFor('supervisord RUNNING', () => rpcCall(`unix://${socket}`, 'supervisor.getState'))) as { statename: string };
      assert.equal(state.statename, 'RUNNING');
      // Supervisor ignores the key: its /RPC2 on the inet server still asks for the password.
      const response = await fetch(`http://127.0.0.1:${port}/RPC2`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: '<methodCall/>' });
      assert.equal(response.status, 401);
    } finally {
      await python.stop();
      removeTempDir(dir);
    }
  });
});
