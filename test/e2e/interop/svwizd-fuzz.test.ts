/**
 * Hostile input against the real svwizd bin: thousands of malformed requests, bad auth, deep
 * nesting, wrong types and CVE-2017-11610-style method names over its authenticated unix socket.
 * The daemon must answer every one (fault or 4xx/5xx), stay up, and its programs keep running
 * with the same pids.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { isAlive } from '../../helpers/processes.js';
import { waitUntilSettled } from '../../helpers/rpc-interop.js';
import { startSvwizd } from '../../helpers/svwizd-daemon.js';
import { basicAuth, xmlRpcCall } from '../../helpers/rpc-http.js';
import { makeFuzzCase, seededRandom, type FuzzCase } from '../../helpers/rpc-fuzz-cases.js';
import { runFuzz } from '../../helpers/rpc-fuzz-runner.js';

const REQUESTS = 3000;
const dir = makeTempDir('svw-dfz');
after(() => removeTempDir(dir));

test(`svwizd survives ${REQUESTS} hostile requests and its programs keep running`, { timeout: 180_000 }, async (t) => {
  const daemon = await startSvwizd(
    dir,
    `[unix_http_server]
file=${dir}/s.sock
username=user
password=pass

[supervisord]
logfile=${dir}/supervisord.log
pidfile=${dir}/supervisord.pid
childlogdir=${dir}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:cat]
command=/bin/cat
startsecs=0

[program:sleeper]
command=/bin/sleep 1000
startsecs=0
`,
  );
  t.after(() => daemon.stop());
  const socketPath = path.join(dir, 's.sock');
  const auth = { Authorization: basicAuth('user', 'pass') };
  await waitUntilSettled(socketPath, auth);
  const pidsOf = async () =>
    ((await xmlRpcCall({ socketPath }, 'supervisor.getAllProcessInfo', [], auth)) as { name: string; pid: number; statename: string }[]).map(
      (info) => `${info.name}:${info.statename}:${info.pid}`,
    );
  const before = await pidsOf();

  const seed = Number(process.env.SVWIZ_FUZZ_SEED ?? Date.now() % 1_000_000);
  t.diagnostic(`seed ${seed}`);
  const random = seededRandom(seed);
  function* cases(): Generator<FuzzCase> {
    for (let i = 0; i < REQUESTS; i += 1) yield makeFuzzCase(random, { safeProcessName: 'cat', auth, maxBodyBytes: 16 * 1024 * 1024 });
  }
  const tally = await runFuzz([{ socketPath }], cases(), { concurrency: 8, timeoutMs: 60000 });
  t.diagnostic(`statuses ${JSON.stringify(tally.byStatus)}; faults ${tally.faults}`);

  assert.equal(tally.total, REQUESTS);
  assert.deepEqual(tally.failures.slice(0, 10), []);
  assert.ok(!existsSync('/tmp/svwiz-fuzz-pwned'));
  assert.equal(await xmlRpcCall({ socketPath }, 'supervisor.getVersion', [], auth), '3.0');
  assert.deepEqual(await pidsOf(), before);
  for (const entry of before) assert.ok(isAlive(Number(entry.split(':')[2])), `${entry} still alive`);
});
