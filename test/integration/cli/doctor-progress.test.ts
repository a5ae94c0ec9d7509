/** The standalone doctor tells stderr what it waits for when it is slow, and keeps stdout clean. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { runSvwiz } from '../../helpers/wizard-cli.js';
import { doctorProgress } from '../../../src/cli/doctor-progress.js';
import { marksFor } from '../../../src/system/terminal-style.js';

const dir = makeTempDir('drprog');
after(() => removeTempDir(dir));

function configFor(socket: string): string {
  const file = path.join(dir, `${path.basename(socket)}.conf`);
  writeFileSync(
    file,
    `[unix_http_server]\nfile=${socket}\n[supervisord]\nlogfile=${dir}/supervisord.log\npidfile=${dir}/supervisord.pid\n` +
      `[supervisorctl]\nserverurl=unix://${socket}\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n`,
  );
  return file;
}

test('a supervisor that accepts but never answers makes the doctor slow: progress on stderr, one JSON document on stdout', async () => {
  const socket = path.join(dir, 'hang.sock');
  const held: net.Socket[] = [];
  const server = net.createServer((connection) => held.push(connection));
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  try {
    const r = await runSvwiz(['doctor', '--json', '-c', configFor(socket), '--timeout', '3000'], { env: { NO_COLOR: '1' } });
    const document = JSON.parse(r.stdout) as { schemaVersion: number; checks: unknown[] };
    assert.equal(document.schemaVersion, 1);
    assert.ok(document.checks.length > 10);
    const marks = marksFor();
    assert.ok(r.stderr.startsWith(`${marks.pending} running `), r.stderr);
    assert.ok(r.stderr.includes(`\n${marks.ok} ran 19 checks\n`), r.stderr);
  } finally {
    for (const connection of held) connection.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('progress stays silent when the checks end before the delay, and names the pending ones after it', async () => {
  const written: string[] = [];
  const stream = { isTTY: false, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
  const quick = doctorProgress(['a', 'b'], stream, 60_000);
  quick.checkDone('a');
  quick.checkDone('b');
  quick.finish();
  assert.deepEqual(written, []);

  const slow = doctorProgress(['a', 'b', 'c'], stream, 1);
  slow.checkDone('a');
  await new Promise((resolve) => setTimeout(resolve, 50));
  slow.checkDone('b');
  slow.finish();
  const marks = marksFor();
  assert.deepEqual(written, [`${marks.pending} running checks: waiting for b, c (1/3 done)\n`, `${marks.ok} ran 3 checks\n`]);
});
