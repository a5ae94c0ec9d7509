/**
 * Fault suite, raw HTTP: what a browser sends cross-site (an Origin of another site,
 * Sec-Fetch-Site cross-site/same-site, a form's content type) and foreign Host names (DNS
 * rebinding) are refused with a 403 that says what and how to allow it, on /RPC2, /api/* and the
 * log tails; the real clients' requests (text/xml, no Origin; the unix socket with Host localhost;
 * the real supervisorctl) keep working; `allowed_hosts` in [inet_http_server] admits more names,
 * and Python supervisord 4.2.5 accepts a config that has it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { encodeMethodCall } from '../../../src/protocol/xmlrpc-codec.js';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import { SVWIZD_BIN } from '../../helpers/svwizd-daemon.js';
import { PYTHON_SUPERVISORCTL, startPythonSupervisord } from '../../helpers/python-supervisord.js';
import { rawRequest, xmlRpcCall } from '../../helpers/rpc-http.js';
import { startFaultDaemon, type FaultDaemon } from '../../helpers/rpc-fault-daemon.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { freePort } from '../../helpers/svwizd-daemon.js';

const AUTH = { username: 'xs', password: 'pw-xs' };
const STOP_STEADY = encodeMethodCall('supervisor.stopProcess', ['steady']);
let daemon: FaultDaemon;

before(async () => {
  daemon = await startFaultDaemon('rxs', { auth: AUTH, inetExtra: 'allowed_hosts = pi.example, .lan' });
});
after(() => daemon.stop());

test('what a cross-site page makes a browser send to /RPC2 is refused with 403, with and without credentials', async () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['text/plain form', { 'Content-Type': 'text/plain' }, /Content-Type text\/plain is not text\/xml/],
    ['urlencoded form', { 'Content-Type': 'application/x-www-form-urlencoded' }, /Content-Type application\/x-www-form-urlencoded/],
    ['multipart form', { 'Content-Type': 'multipart/form-data; boundary=x' }, /multipart\/form-data/],
    ['Sec-Fetch-Site cross-site', { 'Content-Type': 'text/xml', 'Sec-Fetch-Site': 'cross-site' }, /Sec-Fetch-Site is cross-site/],
    ['Sec-Fetch-Site same-site', { 'Content-Type': 'text/xml', 'Sec-Fetch-Site': 'same-site' }, /Sec-Fetch-Site is same-site/],
    ['foreign Origin', { 'Content-Type': 'text/xml', Origin: 'http://evil.example' }, /Origin http:\/\/evil.example does not match Host/],
  ];
  for (const [what, headers, reason] of cases) {
    for (const auth of [{}, daemon.headers]) {
      const response = await rawRequest(daemon.inet, { body: STOP_STEADY, headers: { ...auth, ...headers } });
      assert.equal(response.status, 403, what);
      assert.match(response.body, /^Cross-site XML-RPC request refused/, what);
      assert.match(response.body, reason, what);
      assert.match(response.body, /XML-RPC clients send Content-Type: text\/xml and no Origin/, what);
    }
  }
  // The same call on the unix socket is refused too: the rule is about the request, not the socket.
  const unixForm = await rawRequest(daemon.unix, { body: STOP_STEADY, headers: { 'Content-Type': 'text/plain', Host: 'localhost' } });
  assert.equal(unixForm.status, 403);
  await daemon.assertHealthy();
  assert.match(daemon.output(), /WARN refused POST \/RPC2: cross-site request/);
});

test('an Origin that matches the Host, application/xml and no Content-Type at all are accepted', async () => {
  const getState = encodeMethodCall('supervisor.getState', []);
  const accepted: Record<string, string>[] = [
    { 'Content-Type': 'text/xml', Origin: `http://127.0.0.1:${daemon.port}` },
    { 'Content-Type': 'application/xml; charset=utf-8' },
    { 'Content-Type': 'text/xml', 'Sec-Fetch-Site': 'same-origin' },
  ];
  for (const headers of accepted) {
    const response = await rawRequest(daemon.inet, { body: getState, headers: { ...daemon.headers, ...headers } });
    assert.equal(response.status, 200, JSON.stringify(headers));
  }
});

test('a foreign Host name is refused on every path of the inet server, with how to allow it', async () => {
  const requests: { method: string; path: string; body?: string }[] = [
    { method: 'POST', path: '/RPC2', body: STOP_STEADY },
    { method: 'GET', path: '/api/session' },
    { method: 'GET', path: '/logtail/steady' },
    { method: 'GET', path: '/' },
  ];
  for (const host of ['evil.example', `evil.example:${daemon.port}`, 'pi.example.evil', 'xlan', '[::2]']) {
    for (const request of requests) {
      const response = await rawRequest(daemon.inet, { ...request, headers: { ...daemon.headers, Host: host, ...(request.body ? { 'Content-Type': 'text/xml' } : {}) } });
      assert.equal(response.status, 403, `${host} ${request.path}`);
      assert.match(response.body, /refused: this server answers only to the names it is reachable by/);
      assert.match(response.body, /add it to allowed_hosts= in \[inet_http_server\]/);
    }
  }
  await daemon.assertHealthy();
});

test("the machine's own names, loopback, and allowed_hosts entries are accepted", async () => {
  const own = hostname().toLowerCase();
  const hosts = ['localhost', `127.0.0.1:${daemon.port}`, '[::1]', `localhost.:${daemon.port}`, own, `${own}.local`, 'PI.example', 'pi.example:80', 'nas.lan', 'lan.'];
  for (const host of hosts) {
    const value = await xmlRpcCall(daemon.inet, 'supervisor.getState', [], { ...daemon.headers, Host: host });
    assert.deepEqual(value, { statecode: 1, statename: 'RUNNING' }, host);
  }
  // The unix socket never checks Host (supervisorctl sends localhost; a browser cannot connect there).
  assert.deepEqual(await xmlRpcCall(daemon.unix, 'supervisor.getState', [], { Host: 'anything.example' }), { statecode: 1, statename: 'RUNNING' });
});

test('the real supervisorctl works over http and the unix socket', async () => {
  const ctlConfig = path.join(daemon.dir, 'ctl.conf');
  writeFileSync(ctlConfig, `[supervisorctl]\nserverurl=http://127.0.0.1:${daemon.port}\nusername=${AUTH.username}\npassword=${AUTH.password}\n`);
  const http = await promisify(execFile)(PYTHON_SUPERVISORCTL, ['-c', ctlConfig, 'status', 'steady'], { encoding: 'utf8' }).catch((error: { stdout: string; stderr: string }) => {
    throw new Error(`supervisorctl failed: ${error.stdout} ${error.stderr}`);
  });
  assert.match(http.stdout, /^steady\s+RUNNING/);
  const unixConfig = path.join(daemon.dir, 'ctl-unix.conf');
  writeFileSync(unixConfig, `[supervisorctl]\nserverurl=unix://${path.join(daemon.dir, 's.sock')}\n`);
  const unix = await promisify(execFile)(PYTHON_SUPERVISORCTL, ['-c', unixConfig, 'status', 'steady'], { encoding: 'utf8' });
  assert.match(unix.stdout, /^steady\s+RUNNING/);
});

test('a malformed allowed_hosts entry stops svwizd at start with file, line and key', async () => {
  const dir = makeTempDir('rxsb');
  try {
    const port = await freePort();
    const configPath = path.join(dir, 'bad.conf');
    writeFileSync(configPath, daemonConfigText(dir, `[inet_http_server]\nport=127.0.0.1:${port}\nallowed_hosts=ok.example, http://x/\n`));
    const child = spawn(process.execPath, [SVWIZD_BIN, '-n', '-c', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 2, output);
    assert.match(output, /bad\.conf/);
    assert.match(output, /invalid allowed_hosts entry "http:\/\/x\/"/);
    assert.match(output, /valid: host names or IPs without port/);
  } finally {
    removeTempDir(dir);
  }
});

test('Python supervisord 4.2.5 accepts a config with allowed_hosts (it ignores the key)', async () => {
  const dir = makeTempDir('rxsp');
  const port = await freePort();
  const socketPath = path.join(dir, 's.sock');
  const config = daemonConfigText(dir, `[inet_http_server]\nport=127.0.0.1:${port}\nallowed_hosts = pi.example, .lan\n\n[program:steady]\ncommand=/bin/sleep 100000\nstartsecs=0\n`);
  const python = await startPythonSupervisord(dir, config, socketPath);
  try {
    assert.deepEqual(await xmlRpcCall({ port }, 'supervisor.getState', []), { statecode: 1, statename: 'RUNNING' });
  } finally {
    await python.stop();
    removeTempDir(dir);
  }
});
