/**
 * loglevel=debug under Debian's Python supervisord 4.2.5 and under svwizd: child output that is
 * not UTF-8 is mirrored as `Undecodable: b'…'` (Python's bytes repr), UTF-8 output as text, and a
 * child's exit logs `received SIGCHLD indicating a child quit` after `exited:`. Fails when Python
 * supervisord is missing.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ProcessInfo } from '../../../src/protocol/types.js';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import { rpcCall, startSvwizd } from '../../helpers/daemon-rpc.js';
import { startPythonSupervisord } from '../../helpers/python-supervisord.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';

const root = makeTempDir('svw-mirror');
const stoppers: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const stop of stoppers) await stop();
  removeTempDir(root);
});

// Octal escapes for printf(1): caf\xc3 then \xff, split over a newline; then UTF-8 on stderr.
const PROGRAMS = String.raw`[program:bin]
command=sh -c "printf 'caf\303\n\377x'; printf 'ok \303\251\n' >&2; sleep 1"
startsecs=0
autorestart=false
`;

/** The debug mirror entries and the exit/SIGCHLD sequence, times and pids dropped. */
function observed(mainLog: string): { mirrored: string[]; exitSequence: string[] } {
  const entries = mainLog.split(/^(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} )/m).map((entry) => entry.slice(24).trimEnd());
  return {
    mirrored: entries.filter((entry) => / output:\n/.test(entry)).sort(),
    exitSequence: entries.filter((entry) => /^INFO exited: bin|^DEBG received SIGCHLD/.test(entry)),
  };
}

async function runUnder(kind: 'python' | 'svwizd'): Promise<string> {
  const dir = path.join(root, kind);
  mkdirSync(dir);
  const socket = `${dir}/s.sock`;
  const text = daemonConfigText(dir, PROGRAMS).replace('loglevel=info', 'loglevel=debug');
  const daemon = kind === 'python' ? await startPythonSupervisord(dir, text, socket) : await startSvwizd(dir, text, socket);
  stoppers.push(() => daemon.stop());
  await waitFor(
    `bin EXITED under ${kind}`,
    async () => ((await rpcCall(`unix://${socket}`, 'supervisor.getAllProcessInfo')) as unknown as ProcessInfo[])[0]?.statename === 'EXITED',
    { timeoutMs: 30000 },
  );
  await waitFor(`SIGCHLD line under ${kind}`, () => readFileSync(`${dir}/main.log`, 'utf8').includes('received SIGCHLD'), { timeoutMs: 10000 });
  await daemon.stop();
  return readFileSync(`${dir}/main.log`, 'utf8');
}

test('debug mirror of undecodable output and the SIGCHLD line match supervisord 4.2.5', async () => {
  const python = observed(await runUnder('python'));
  const svwizd = observed(await runUnder('svwizd'));
  assert.deepEqual(python.mirrored, ["DEBG 'bin' stderr output:\nok é", "DEBG 'bin' stdout output:\nUndecodable: b'caf\\xc3\\n\\xffx'"]);
  assert.deepEqual(svwizd.mirrored, python.mirrored);
  assert.deepEqual(python.exitSequence, ['INFO exited: bin (exit status 0; expected)', 'DEBG received SIGCHLD indicating a child quit']);
  assert.deepEqual(svwizd.exitSequence, python.exitSequence);
});
