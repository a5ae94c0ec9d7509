/**
 * The web handler over a real HTTP socket, with a recording stand-in for the daemon's dispatcher
 * (the real daemon is exercised by test/e2e/web). Covers headers, the CSRF gate, the method
 * allow-list, static file lookup (path traversal) and log downloads.
 */
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RpcFault } from '../../../src/protocol/faults.js';
import type { XmlRpcValue } from '../../../src/protocol/types.js';
import { decodeMethodResponse, encodeMethodCall } from '../../../src/protocol/xmlrpc-codec.js';
import { createWebHandler } from '../../../src/web/handler.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const calls: [string, XmlRpcValue[]][] = [];
async function fakeCall(method: string, params: XmlRpcValue[]): Promise<XmlRpcValue> {
  calls.push([method, params]);
  if (method === 'supervisor.getState') return { statecode: 1, statename: 'RUNNING' };
  if (method === 'supervisor.stopProcess') throw new RpcFault('NOT_RUNNING', String(params[0]));
  if (method === 'supervisor.readProcessStdoutLog') {
    if (params[0] === 'nope') throw new RpcFault('BAD_NAME', 'nope');
    return `log of ${String(params[0])}\n<script>alert(1)</script>\n`;
  }
  if (method === 'system.multicall') return [{ statecode: 1, statename: 'RUNNING' }];
  return true;
}

function startServer(handler: ReturnType<typeof createWebHandler>): Promise<Server> {
  const server = createServer((req, res) => {
    handler(req, res, { call: fakeCall, serverUrl: 'http://127.0.0.1' })
      .then((handled) => {
        if (!handled) res.writeHead(404).end('not handled');
      })
      .catch((error: unknown) => res.writeHead(599).end(String(error)));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function send(server: Server, method: string, pathname: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Reply> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: pathname, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function session(server: Server, auth = 'Basic dXNlcjpwYXNz'): Promise<{ cookie: string; token: string }> {
  const reply = await send(server, 'GET', '/api/session', { Authorization: auth, 'Sec-Fetch-Site': 'same-origin' });
  assert.equal(reply.status, 200);
  const setCookie = reply.headers['set-cookie'];
  assert.ok(Array.isArray(setCookie) && setCookie.length === 1, 'session cookie set');
  assert.match(setCookie[0], /HttpOnly/);
  assert.match(setCookie[0], /SameSite=Strict/);
  return { cookie: setCookie[0].split(';')[0], token: (JSON.parse(reply.body) as { csrfToken: string }).csrfToken };
}

function rpcHeaders(s: { cookie: string; token: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    Authorization: 'Basic dXNlcjpwYXNz',
    Cookie: s.cookie,
    'X-CSRF-Token': s.token,
    'Content-Type': 'text/xml',
    'Sec-Fetch-Site': 'same-origin',
    ...extra,
  };
}

function assertSecurityHeaders(reply: Reply): void {
  const csp = String(reply.headers['content-security-policy']);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(reply.headers['x-frame-options'], 'DENY');
  assert.equal(reply.headers['x-content-type-options'], 'nosniff');
}

describe('web handler', () => {
  let server: Server;
  before(async () => {
    server = await startServer(createWebHandler());
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves the page with strict security headers and no inline script or style', async () => {
    for (const pathname of ['/', '/index.html']) {
      const reply = await send(server, 'GET', pathname);
      assert.equal(reply.status, 200);
      assert.match(String(reply.headers['content-type']), /^text\/html/);
      assertSecurityHeaders(reply);
      assert.match(reply.body, /<script type="module" src="\/assets\/app\.js"><\/script>/);
      assert.doesNotMatch(reply.body, /<script>|<style|style=|on(click|load)=/i, 'nothing inline for the CSP to block');
    }
  });

  it('serves every file the page references, with ETag revalidation', async () => {
    const page = (await send(server, 'GET', '/')).body;
    const referenced = [...page.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
    assert.ok(referenced.length >= 3);
    for (const pathname of referenced) {
      const reply = await send(server, 'GET', pathname);
      assert.equal(reply.status, 200, pathname);
      assertSecurityHeaders(reply);
      const again = await send(server, 'GET', pathname, { 'If-None-Match': String(reply.headers.etag) });
      assert.equal(again.status, 304, pathname);
    }
    const js = await send(server, 'GET', '/assets/app.js');
    assert.match(String(js.headers['content-type']), /^text\/javascript/);
  });

  it('keeps /ok.html answering OK', async () => {
    const reply = await send(server, 'GET', '/ok.html');
    assert.equal(reply.status, 200);
    assert.equal(reply.body, 'OK');
  });

  it('redirects Supervisor tail.html bookmarks to the log view, encoded', async () => {
    const reply = await send(server, 'GET', '/tail.html?processname=g%3Ax%3Cy');
    assert.equal(reply.status, 302);
    assert.equal(reply.headers.location, '/?log=g%3Ax%3Cy');
  });

  it('refuses path traversal and names outside the asset table', async () => {
    const attempts = [
      '/assets/../package.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets//etc/passwd',
      '/assets/..\\..\\package.json',
      '/assets/.hidden',
      '/assets/app.js/../../../package.json',
      '/../package.json',
      '/assets/',
      '/package.json',
      '/src/web/handler.ts',
    ];
    for (const pathname of attempts) {
      const reply = await send(server, 'GET', pathname);
      assert.equal(reply.status, 404, pathname);
      assert.doesNotMatch(reply.body, /"name": "svwiz"|root:/, pathname);
    }
  });

  it('answers /api/rpc with a valid token and same-origin request, never cached', async () => {
    const s = await session(server);
    const reply = await send(server, 'POST', '/api/rpc', rpcHeaders(s), encodeMethodCall('supervisor.getState', []));
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['cache-control'], 'no-store');
    assertSecurityHeaders(reply);
    assert.deepEqual(decodeMethodResponse(reply.body), { statecode: 1, statename: 'RUNNING' });
  });

  it('passes daemon faults through as XML-RPC faults', async () => {
    const s = await session(server);
    const reply = await send(server, 'POST', '/api/rpc', rpcHeaders(s), encodeMethodCall('supervisor.stopProcess', ['x', true]));
    assert.equal(reply.status, 200);
    assert.throws(() => decodeMethodResponse(reply.body), (error: RpcFault) => error.faultCode === 70 && error.faultString === 'NOT_RUNNING: x');
  });

  it('refuses a state change without the CSRF token, with a wrong one, or one bound to another session or user', async () => {
    const s = await session(server);
    const other = await session(server);
    const body = encodeMethodCall('supervisor.stopProcess', ['x', true]);
    const before = calls.length;
    const cases: Record<string, string>[] = [
      { 'X-CSRF-Token': '' },
      { 'X-CSRF-Token': 'f'.repeat(64) },
      { Cookie: other.cookie },
      { Cookie: '' },
      { Authorization: 'Basic b3RoZXI6cGFzcw==' },
    ];
    for (const change of cases) {
      const headers = rpcHeaders(s, change);
      for (const [key, value] of Object.entries(headers)) if (value === '') delete headers[key];
      const reply = await send(server, 'POST', '/api/rpc', headers, body);
      assert.equal(reply.status, 403, JSON.stringify(change));
      assert.equal(reply.headers['x-svwiz-refused'], 'csrf');
    }
    assert.equal(calls.length, before, 'no refused request reached the daemon');
  });

  it('refuses cross-site requests even with a valid token', async () => {
    const s = await session(server);
    const body = encodeMethodCall('supervisor.stopProcess', ['x', true]);
    const before = calls.length;
    for (const change of [
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
      { 'Sec-Fetch-Site': 'none' },
    ]) {
      const reply = await send(server, 'POST', '/api/rpc', rpcHeaders(s, change), body);
      assert.equal(reply.status, 403, JSON.stringify(change));
    }
    // Browsers without Fetch Metadata: fall back to Origin against Host.
    const noFetchMeta = rpcHeaders(s, { Origin: 'http://evil.example' });
    delete noFetchMeta['Sec-Fetch-Site'];
    assert.equal((await send(server, 'POST', '/api/rpc', noFetchMeta, body)).status, 403);
    assert.equal(calls.length, before);
    const { port } = server.address() as AddressInfo;
    const sameOrigin = rpcHeaders(s, { Origin: `http://127.0.0.1:${port}` });
    delete sameOrigin['Sec-Fetch-Site'];
    assert.equal((await send(server, 'POST', '/api/rpc', sameOrigin, body)).status, 200);
    // The token itself is not handed to other sites either.
    assert.equal((await send(server, 'GET', '/api/session', { 'Sec-Fetch-Site': 'cross-site' })).status, 403);
  });

  it('allows only the methods the page needs, multicall included', async () => {
    const s = await session(server);
    const before = calls.length;
    for (const xml of [
      encodeMethodCall('supervisor.shutdown', []),
      encodeMethodCall('supervisor.addProcessGroup', ['g']),
      encodeMethodCall('system.multicall', [[{ methodName: 'supervisor.getState', params: [] }, { methodName: 'supervisor.restart', params: [] }]]),
      encodeMethodCall('system.multicall', [[{ methodName: 'system.multicall', params: [[]] }]]),
    ]) {
      const reply = await send(server, 'POST', '/api/rpc', rpcHeaders(s), xml);
      assert.equal(reply.status, 200);
      assert.throws(() => decodeMethodResponse(reply.body), (error: RpcFault) => error.faultCode === 1);
    }
    assert.equal(calls.length, before);
    const ok = await send(server, 'POST', '/api/rpc', rpcHeaders(s), encodeMethodCall('system.multicall', [[{ methodName: 'supervisor.getState', params: [] }]]));
    assert.deepEqual(decodeMethodResponse(ok.body), [{ statecode: 1, statename: 'RUNNING' }]);
  });

  it('rejects GET, wrong content types, malformed XML and oversized bodies on /api/rpc', async () => {
    const s = await session(server);
    assert.equal((await send(server, 'GET', '/api/rpc', rpcHeaders(s))).status, 405);
    const form = await send(server, 'POST', '/api/rpc', rpcHeaders(s, { 'Content-Type': 'application/x-www-form-urlencoded' }), 'a=b');
    assert.equal(form.status, 415);
    assert.equal((await send(server, 'POST', '/api/rpc', rpcHeaders(s), '<methodCall><oops')).status, 400);
    const huge = encodeMethodCall('supervisor.getState', ['x'.repeat(200 * 1024)]);
    assert.equal((await send(server, 'POST', '/api/rpc', rpcHeaders(s), huge)).status, 413);
  });

  it('downloads logs as attachments that are never cached, 404 for unknown names', async () => {
    const reply = await send(server, 'GET', '/api/log/grp%3Aweb%22x/stdout', { 'Sec-Fetch-Site': 'same-origin' });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['cache-control'], 'no-store');
    assert.match(String(reply.headers['content-type']), /^text\/plain/);
    assert.equal(reply.headers['content-disposition'], 'attachment; filename="grp_web_x-stdout.log"');
    assertSecurityHeaders(reply);
    assert.equal(reply.body, 'log of grp:web"x\n<script>alert(1)</script>\n');
    assert.deepEqual(calls.at(-1), ['supervisor.readProcessStdoutLog', ['grp:web"x', 0, 0]]);
    assert.equal((await send(server, 'GET', '/api/log/nope/stdout')).status, 404);
    assert.equal((await send(server, 'GET', '/api/log/x/other')).status, 404);
  });

  it('leaves unknown paths to the server (404)', async () => {
    for (const pathname of ['/favicon.ico', '/stylesheets/supervisor.css', '/whatever']) {
      const reply = await send(server, 'GET', pathname);
      assert.equal(reply.body, 'not handled', pathname);
    }
  });
});

describe('web handler without its assets', () => {
  let server: Server;
  let dir: string;
  before(async () => {
    dir = makeTempDir('svw-web');
    server = await startServer(createWebHandler({ assetsDir: path.join(dir, 'missing') }));
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    removeTempDir(dir);
  });

  it('says the files are missing but keeps /ok.html working', async () => {
    const page = await send(server, 'GET', '/');
    assert.equal(page.status, 500);
    assert.match(page.body, /web UI files missing/);
    assert.equal((await send(server, 'GET', '/ok.html')).body, 'OK');
  });
});

describe('web handler asset table', () => {
  it('serves only plain file names from the folder, not dot files or subfolders', async () => {
    const dir = makeTempDir('svw-web');
    try {
      writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
      writeFileSync(path.join(dir, '.secret.js'), 'secret');
      mkdirSync(path.join(dir, 'sub.js'));
      writeFileSync(path.join(dir, 'notes.txt'), 'not a web type');
      const server = await startServer(createWebHandler({ assetsDir: dir }));
      try {
        assert.equal((await send(server, 'GET', '/')).body, '<!doctype html>');
        for (const pathname of ['/assets/.secret.js', '/assets/sub.js', '/assets/notes.txt']) {
          assert.equal((await send(server, 'GET', pathname)).status, 404, pathname);
        }
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    } finally {
      removeTempDir(dir);
    }
  });
});
