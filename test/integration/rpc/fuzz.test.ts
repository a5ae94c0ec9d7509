import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startRpcServers } from '../../../src/rpc/servers.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { createFakeDaemon } from '../../helpers/rpc-fake-namespace.js';
import { basicAuth, xmlRpcCall } from '../../helpers/rpc-http.js';
import { makeFuzzCase, seededRandom, type FuzzCase } from '../../helpers/rpc-fuzz-cases.js';
import { runFuzz } from '../../helpers/rpc-fuzz-runner.js';

const REQUESTS = 10_000;
const MAX_BODY = 256 * 1024;
const dir = makeTempDir('svw-fuzz');
after(() => removeTempDir(dir));

test(`${REQUESTS} malformed and hostile requests: every one answered, server stays up`, { timeout: 180_000 }, async (t) => {
  const daemon = createFakeDaemon(dir, { waitMs: 5 });
  const socketPath = path.join(dir, 'f.sock');
  const logged: string[] = [];
  const servers = await startRpcServers({
    unix: [{ section: 'unix_http_server', file: socketPath, chmod: 0o700, chown: null, username: 'user', password: 'pass' }],
    inet: [{ section: 'inet_http_server', port: '127.0.0.1:0', host: '127.0.0.1', portNumber: 0, username: 'user', password: 'pass' }],
    namespace: daemon.namespace,
    hooks: daemon.hooks,
    log: (level, message) => logged.push(`${level}: ${message.slice(0, 200)}`),
    limits: { maxBodyBytes: MAX_BODY },
  });
  t.after(() => servers.close());
  const port = Number(new URL(servers.urls[1]).port);
  const auth = { Authorization: basicAuth('user', 'pass') };

  const seed = Number(process.env.SVWIZ_FUZZ_SEED ?? Date.now() % 1_000_000);
  t.diagnostic(`seed ${seed} (replay with SVWIZ_FUZZ_SEED=${seed})`);
  const random = seededRandom(seed);
  function* cases(): Generator<FuzzCase> {
    for (let i = 0; i < REQUESTS; i += 1) yield makeFuzzCase(random, { safeProcessName: 'cat', auth, maxBodyBytes: MAX_BODY });
  }
  const tally = await runFuzz([{ socketPath }, { port }], cases(), { concurrency: 8 });
  t.diagnostic(`statuses ${JSON.stringify(tally.byStatus)}; faults ${tally.faults}; kinds ${JSON.stringify(tally.byKind)}`);

  assert.equal(tally.total, REQUESTS);
  assert.deepEqual(tally.failures.slice(0, 10), []);
  for (const status of ['400', '401', '404']) assert.ok((tally.byStatus[status] ?? 0) > 0, `some ${status} answers`);
  assert.ok(tally.faults > 100, 'many requests reached the dispatcher and got faults');
  assert.ok(!existsSync('/tmp/svwiz-fuzz-pwned'), 'no hostile method name ran a command');
  // Still up and answering on both servers, on fresh connections.
  assert.equal(await xmlRpcCall({ socketPath }, 'supervisor.getVersion', [], auth), '3.0');
  assert.equal(await xmlRpcCall({ port }, 'supervisor.getVersion', [], auth), '3.0');
});
