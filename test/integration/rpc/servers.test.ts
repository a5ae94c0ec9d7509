import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { appendFileSync, existsSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import path from 'node:path';
import { startRpcServers, type RpcServers } from '../../../src/rpc/servers.js';
import { RpcFault } from '../../../src/protocol/faults.js';
import { UserError } from '../../../src/errors.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { createFakeDaemon } from '../../helpers/rpc-fake-namespace.js';
import { basicAuth, openStream, rawRequest, xmlRpcCall } from '../../helpers/rpc-http.js';
import { isAlive } from '../../helpers/processes.js';

const dir = makeTempDir('svw-srv');
const daemon = createFakeDaemon(dir, { waitMs: 1500 });
const socketPath = path.join(dir, 'rpc.sock');
const logLines: string[] = [];
const log = (level: string, message: string) => logLines.push(`${level}: ${message}`);
const servers: RpcServers = await startRpcServers({
  unix: [{ section: 'unix_http_server', file: socketPath, chmod: 0o760, chown: null, username: 'user', password: '{SHA}a94a8fe5ccb19ba61c4c0873d391e987982fbbd3' }],
  inet: [{ section: 'inet_http_server', port: '127.0.0.1:0', host: '127.0.0.1', portNumber: 0, username: null, password: null }],
  namespace: daemon.namespace,
  hooks: daemon.hooks,
  log,
});
const port = Number(new URL(servers.urls[1]).port);
const unix = { socketPath };
const inet = { port };
const auth = { Authorization: basicAuth('user', 'test') };
after(async () => {
  await servers.close();
  removeTempDir(dir);
});

test('urls, socket mode, and a CRIT line for the server without auth', () => {
  assert.equal(servers.urls[0], `unix://${socketPath}`);
  assert.match(servers.urls[1], /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(statSync(socketPath).mode & 0o777, 0o760);
  assert.ok(!existsSync(`${socketPath}.${process.pid}`), 'temporary bind name is removed');
  assert.ok(logLines.includes("crit: Server 'inet_http_server' running without any HTTP authentication checking"));
  assert.ok(!logLines.some((line) => line.includes("'unix_http_server' running without")));
});

test("Supervisor's own Python transport talks to us over the unix socket ({SHA} auth) and TCP", async () => {
  const script = `
import sys, json
from xmlrpc.client import ServerProxy
from supervisor.xmlrpc import SupervisorTransport
def proxy(url, user=None, password=None):
    return ServerProxy('http://127.0.0.1', transport=SupervisorTransport(user, password, url))
u = proxy('unix://${socketPath}', 'user', 'test')
t = proxy('http://127.0.0.1:${port}')
out = [u.supervisor.getVersion(), len(u.system.listMethods()), t.supervisor.getState(), t.system.multicall([{'methodName': 'supervisor.getPID'}])]
try:
    u.supervisor.getProcessInfo('nope')
except Exception as e:
    out.append([e.faultCode, e.faultString])
try:
    proxy('unix://${socketPath}', 'user', 'wrong').supervisor.getVersion()
except Exception as e:
    out.append(e.errcode)
print(json.dumps(out))`;
  // Async: the server answering the script lives in this very process.
  const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-c', script], { encoding: 'utf8' });
  const result = JSON.parse(stdout);
  assert.deepEqual(result, ['3.0', 41, { statecode: 1, statename: 'RUNNING' }, [process.pid], [10, 'BAD_NAME: nope'], 401]);
});

test('HTTP statuses: 401 challenge, GET → 400, bad XML → 400, no length → 411, 404, 500', async () => {
  const noAuth = await rawRequest(unix, { body: '<methodCall><methodName>supervisor.getVersion</methodName></methodCall>' });
  assert.equal(noAuth.status, 401);
  assert.equal(noAuth.headers['www-authenticate'], 'Basic realm="default"');
  assert.equal(noAuth.headers.connection, 'close');
  assert.equal((await rawRequest(unix, { path: '/', method: 'GET', headers: { Authorization: basicAuth('user', 'bad') } })).status, 401);
  assert.equal((await rawRequest(unix, { method: 'GET', headers: auth })).status, 400);
  assert.equal((await rawRequest(inet, { method: 'GET', path: '/RPC2/anything' })).status, 400);
  assert.equal((await rawRequest(inet, { body: '<methodCall><methodName>x' })).status, 400);
  assert.equal((await rawRequest(inet, { body: '<methodCall><params/></methodCall>' })).status, 400);
  assert.equal((await rawRequest(inet, { body: 'x', headers: { 'Transfer-Encoding': 'chunked' } })).status, 411);
  assert.equal((await rawRequest(inet, { method: 'GET', path: '/nothing-here' })).status, 404);
  assert.equal((await rawRequest(inet, { method: 'GET', path: '/logtail/nope' })).status, 404);
  assert.equal((await rawRequest(inet, { method: 'GET', path: '/logtail/cat/other' })).status, 404);
  assert.equal((await rawRequest(inet, { method: 'POST', path: '/logtail/cat', body: '' })).status, 400);
  const ok = await rawRequest(inet, { body: '<methodCall><methodName>supervisor.getVersion</methodName></methodCall>' });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['content-type'], 'text/xml');
  assert.equal(ok.body, "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><string>3.0</string></value>\n</param>\n</params>\n</methodResponse>\n");
  daemon.calls.push('break-identification');
  assert.equal((await rawRequest(inet, { body: '<methodCall><methodName>supervisor.getIdentification</methodName></methodCall>' })).status, 500);
  assert.ok(logLines.some((line) => line.startsWith('crit: Handling XML-RPC request supervisor.getIdentification()')));
  await assert.rejects(xmlRpcCall(inet, 'supervisor.supervisord.options.warnings.linecache.os.system', ['touch /tmp/pwned']), (error: unknown) => error instanceof RpcFault && error.faultCode === 1);
  assert.equal(await xmlRpcCall(inet, 'supervisor.getAPIVersion', []), '3.0');
});

test('a waiting call does not block other requests', async () => {
  const order: string[] = [];
  const slow = xmlRpcCall(unix, 'supervisor.startProcess', ['cat', true], auth).then(() => order.push('slow'));
  await waitFor('slow call received', () => daemon.calls.includes('startProcess(cat,true)'));
  await xmlRpcCall(inet, 'supervisor.getState', []).then(() => order.push('fast'));
  await slow;
  assert.deepEqual(order, ['fast', 'slow']);
});

test('log tail streams: last 1024 bytes, appends, truncation marker, rotation, channels, main log', async () => {
  const stdoutLog = daemon.logPath('cat', 'stdout');
  writeFileSync(stdoutLog, 'a'.repeat(2000) + 'b'.repeat(1024));
  const stream = await openStream(inet, '/logtail/cat');
  assert.equal(stream.status, 200);
  assert.equal(stream.headers['content-type'], 'text/plain;charset=utf-8');
  assert.equal(stream.headers['transfer-encoding'], 'chunked');
  assert.equal(stream.headers['x-accel-buffering'], 'no');
  assert.ok(stream.headers['last-modified']);
  assert.equal(stream.headers['x-content-type-options'], 'nosniff');
  assert.equal(stream.headers['cache-control'], 'no-store');
  await waitFor('first chunk', () => stream.text().length >= 1024);
  assert.equal(stream.text(), 'b'.repeat(1024));
  appendFileSync(stdoutLog, 'appended line\n');
  await waitFor('appended data', () => stream.text().endsWith('appended line\n'));
  truncateSync(stdoutLog, 0);
  await waitFor('truncation marker', () => stream.text().endsWith('==> File truncated <==\n'));
  renameSync(stdoutLog, `${stdoutLog}.1`);
  writeFileSync(stdoutLog, 'after rotation\n');
  await waitFor('rotated file', () => stream.text().endsWith('after rotation\n'));
  stream.stop();

  const stderr = await openStream(unix, '/logtail/cat/stderr', auth);
  await waitFor('stderr chunk', () => stderr.text() === 'cat err\n');
  stderr.stop();
  const encoded = await openStream(inet, '/logtail/%63at/stdout');
  await waitFor('url-encoded name', () => encoded.text() === 'after rotation\n');
  encoded.stop();
  const main = await openStream(inet, '/mainlogtail');
  await waitFor('main log', () => main.text() === 'main log\n');
  assert.equal(main.headers['x-accel-buffering'], undefined);
  main.stop();
  assert.equal((await rawRequest(unix, { method: 'GET', path: '/logtail/cat' })).status, 401);
});

test('a stale socket file is removed and logged; a live one is refused naming its pid', async () => {
  const staleDir = makeTempDir('svw-stl');
  try {
    const stalePath = path.join(staleDir, 's.sock');
    execFileSync('/usr/bin/python3', ['-c', `import socket; s = socket.socket(socket.AF_UNIX); s.bind(${JSON.stringify(stalePath)})`]);
    assert.ok(existsSync(stalePath));
    const lines: string[] = [];
    const second = await startRpcServers({
      unix: [{ section: 'unix_http_server', file: stalePath, chmod: 0o700, chown: null, username: null, password: null }],
      inet: [],
      namespace: daemon.namespace,
      hooks: daemon.hooks,
      log: (level, message) => lines.push(`${level}: ${message}`),
    });
    assert.ok(lines.includes(`warn: Unlinking stale socket ${stalePath}`));
    assert.equal(await xmlRpcCall({ socketPath: stalePath }, 'supervisor.getVersion', []), '3.0');
    await second.close();
    assert.ok(!existsSync(stalePath), 'close removes our socket file');

    const livePath = path.join(staleDir, 'live.sock');
    const holder = spawn('/usr/bin/python3', ['-c', `import socket, time, sys
s = socket.socket(socket.AF_UNIX); s.bind(${JSON.stringify(livePath)}); s.listen(5); print('ready', flush=True); time.sleep(60)`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await waitFor('holder ready', () => existsSync(livePath));
      await assert.rejects(
        startRpcServers({
          unix: [{ section: 'unix_http_server', file: livePath, chmod: 0o700, chown: null, username: null, password: null }],
          inet: [],
          namespace: daemon.namespace,
          hooks: daemon.hooks,
          log: () => undefined,
        }),
        (error: unknown) => error instanceof UserError && error.message.includes(`process ${holder.pid} (python3)`) && error.message.includes('Another program is already listening'),
      );
      assert.ok(existsSync(livePath), 'the live socket is left alone');
      assert.ok(!existsSync(`${livePath}.${process.pid}`));
    } finally {
      holder.kill('SIGKILL');
      await waitFor('holder gone', () => !isAlive(holder.pid!));
    }
  } finally {
    removeTempDir(staleDir);
  }
});

test('a TCP port in use is refused naming the holder', async () => {
  const holder = spawn('/usr/bin/python3', ['-c', `import socket, time
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(5); print(s.getsockname()[1], flush=True); time.sleep(60)`], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let output = '';
    holder.stdout!.on('data', (chunk) => (output += chunk));
    const busyPort = Number(await waitFor('holder port', () => output.trim()));
    await assert.rejects(
      startRpcServers({
        unix: [],
        inet: [{ section: 'inet_http_server', port: `127.0.0.1:${busyPort}`, host: '127.0.0.1', portNumber: busyPort, username: null, password: null }],
        namespace: daemon.namespace,
        hooks: daemon.hooks,
        log: () => undefined,
      }),
      (error: unknown) => error instanceof UserError && error.message.includes(`process ${holder.pid} (python3)`) && error.message.includes(`port=127.0.0.1:${busyPort}`),
    );
  } finally {
    holder.kill('SIGKILL');
    await waitFor('holder gone', () => !isAlive(holder.pid!));
  }
});

test('a refused request is answered after its body arrives: a slow client reads the 401, not a broken pipe', async () => {
  const body = `<methodCall><methodName>supervisor.getVersion</methodName><params><param><value><string>${'x'.repeat(200_000)}</string></value></param></params></methodCall>`;
  const socket = createConnection(socketPath);
  const errors: string[] = [];
  socket.on('error', (error: NodeJS.ErrnoException) => errors.push(error.code ?? error.message));
  let response = '';
  socket.on('data', (chunk) => (response += chunk.toString('latin1')));
  await new Promise((resolve) => socket.once('connect', resolve));
  const send = (text: string) => new Promise<void>((resolve) => socket.write(text, (error) => (error && errors.push(`write: ${error.message}`), resolve())));
  await send(`POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${basicAuth('user', 'wrong')}\r\nContent-Type: text/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
  // The body follows a moment later in pieces, as a loaded client would send it.
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (let offset = 0; offset < body.length; offset += 50_000) {
    await send(body.slice(offset, offset + 50_000));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await waitFor('the response', () => response.includes('</html>') || errors.length > 0);
  socket.destroy();
  assert.deepEqual(errors, [], 'the client could send its whole request');
  assert.match(response, /^HTTP\/1\.1 401 Unauthorized\r\n/);
  assert.match(response, /WWW-Authenticate: Basic realm="default"/);
});
