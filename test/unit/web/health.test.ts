/** /api/health and its report shaping, with a stand-in doctor (the real one runs in the e2e test). */
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { DoctorReport } from '../../../src/doctor/types.js';
import { createWebHandler } from '../../../src/web/handler.js';
import { createHealthService, type DoctorRunner } from '../../../src/web/health.js';

const REPORT = {
  version: '0.1.0',
  configFile: '/etc/supervisord.conf',
  backend: 'svwizd',
  summary: { ok: 1, warn: 1, error: 0 },
  checks: [
    { id: 'config-syntax', title: 'Config files parse', area: 'config', status: 'ok', findings: [] },
    {
      id: 'web-security',
      title: 'HTTP servers are not open to others',
      area: 'security',
      status: 'warn',
      findings: [
        {
          severity: 'warn',
          message: '[inet_http_server] stores its password in plain text',
          file: '/etc/supervisord.conf',
          line: 11,
          evidence: ['password=hunter2'],
          fix: { description: 'store it as {SHA}', safety: 'confirm', commands: ['svwiz doctor --fix'] },
          data: { password: 'hunter2' },
        },
      ],
    },
  ],
} as unknown as DoctorReport;

async function withServer(doctor: DoctorRunner | null, body: (get: (path: string, headers?: Record<string, string>) => Promise<{ status: number; headers: Record<string, unknown>; text: string }>) => Promise<void>): Promise<void> {
  const handler = createWebHandler({ doctor, configFile: '/etc/supervisord.conf' });
  const server: Server = createServer((req, res) => {
    void handler(req, res, { call: async () => true, serverUrl: 'http://x' }).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const get = (pathname: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: pathname, headers }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      })
        .on('error', reject)
        .end();
    });
  try {
    await body(get);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('/api/health', () => {
  it("answers the doctor's findings without check-private data or evidence, never cached", async () => {
    const seen: unknown[] = [];
    await withServer(async (options) => (seen.push(options), REPORT), async (get) => {
      const reply = await get('/api/health', { 'Sec-Fetch-Site': 'same-origin' });
      assert.equal(reply.status, 200);
      assert.equal(reply.headers['cache-control'], 'no-store');
      assert.doesNotMatch(reply.text, /hunter2/);
      const report = JSON.parse(reply.text);
      assert.deepEqual(report.summary, { ok: 1, warn: 1, error: 0 });
      assert.deepEqual(report.checks[1].findings[0], {
        severity: 'warn',
        message: '[inet_http_server] stores its password in plain text',
        file: '/etc/supervisord.conf',
        line: 11,
        fix: { description: 'store it as {SHA}', safety: 'confirm', commands: ['svwiz doctor --fix'] },
      });
      assert.equal((seen[0] as { configFile: string }).configFile, '/etc/supervisord.conf');
      assert.equal(JSON.parse((await get('/api/session')).text).health, true);
      assert.equal((await get('/api/health', { 'Sec-Fetch-Site': 'cross-site' })).status, 403);
    });
  });

  it('is absent (404, panel off) without a doctor', async () => {
    await withServer(null, async (get) => {
      assert.equal((await get('/api/health')).status, 404);
      assert.equal(JSON.parse((await get('/api/session')).text).health, false);
    });
  });

  it('reports a doctor crash as a 500 with its message', async () => {
    await withServer(async () => { throw new Error('boom'); }, async (get) => {
      const reply = await get('/api/health');
      assert.equal(reply.status, 500);
      assert.match(reply.text, /the doctor failed: boom/);
    });
  });
});

describe('health service', () => {
  it('runs the doctor once for concurrent requests and reuses a fresh answer', async () => {
    let runs = 0;
    let clock = 1000;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const service = createHealthService(async () => (runs++, await gate, REPORT), '/c.conf', { reuseMs: 5000, now: () => clock });
    const both = Promise.all([service.report(), service.report()]);
    release();
    const [a, b] = await both;
    assert.equal(runs, 1);
    assert.equal(a, b);
    clock += 4000;
    await service.report();
    assert.equal(runs, 1);
    clock += 2000;
    await service.report();
    assert.equal(runs, 2);
  });
});
