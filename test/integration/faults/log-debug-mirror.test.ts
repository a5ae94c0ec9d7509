/**
 * loglevel=debug under Debian's Python supervisord 4.2.5 and under svwizd: child output that is
 * not UTF-8 is mirrored as `Undecodable: b'…'` (Python's bytes repr), UTF-8 output as text, an
 * event listener's stdout always as bytes, and a child's exit logs `received SIGCHLD indicating a
 * child quit` after `exited:`. Fails when Python supervisord is missing.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ProcessInfo } from '../../../src/protocol/types.js';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import { rpcCall } from '../../helpers/daemon-rpc.js';
import { startSvwizd } from '../../helpers/svwizd-daemon.js';
import { DEBIAN_PYTHON, startPythonSupervisord } from '../../helpers/python-supervisord.js';
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
    exitSequence: entries.filter((entry) => /^INFO exited: bin|^DEBG received SIGCHLD/.test(entry)).slice(0, 2),
  };
}

// One write per answer, so both daemons read the same chunks.
const LISTENER = `import sys
sys.stdout.write('READY\\n'); sys.stdout.flush()
while True:
    header = dict(word.split(':') for word in sys.stdin.readline().split())
    sys.stdin.read(int(header['len']))
    sys.stdout.write('RESULT 2\\nOKREADY\\n'); sys.stdout.flush()
`;

async function runUnder(kind: 'python' | 'svwizd'): Promise<string> {
  const dir = path.join(root, kind);
  mkdirSync(dir);
  const socket = `${dir}/s.sock`;
  writeFileSync(`${dir}/listener.py`, LISTENER);
  const listener = `[eventlistener:l]\ncommand=${DEBIAN_PYTHON} -u ${dir}/listener.py\nevents=PROCESS_STATE_EXITED\nstdout_logfile=${dir}/l.out\n`;
  const text = daemonConfigText(dir, PROGRAMS + listener).replace('loglevel=info', 'loglevel=debug');
  const daemon = kind === 'python' ? await startPythonSupervisord(dir, text, socket) : await startSvwizd(dir, text);
  stoppers.push(() => daemon.stop());
  await waitFor(
    `bin EXITED under ${kind}`,
    async () => ((await rpcCall(`unix://${socket}`, 'supervisor.getProcessInfo', 'bin')) as unknown as ProcessInfo).statename === 'EXITED',
    { timeoutMs: 30000 },
  );
  await waitFor(`SIGCHLD line and the listener's answer under ${kind}`, () => {
    const log = readFileSync(`${dir}/main.log`, 'utf8');
    return log.includes('received SIGCHLD') && log.includes("b'RESULT 2\\nOKREADY\\n'");
  }, { timeoutMs: 10000 });
  await daemon.stop();
  return readFileSync(`${dir}/main.log`, 'utf8');
}

test('debug mirror of undecodable output and the SIGCHLD line match supervisord 4.2.5', async () => {
  const python = observed(await runUnder('python'));
  const svwizd = observed(await runUnder('svwizd'));
  const distinct = (entries: string[]) => [...new Set(entries)];
  assert.deepEqual(distinct(python.mirrored), [
    "DEBG 'bin' stderr output:\nok é",
    "DEBG 'bin' stdout output:\nUndecodable: b'caf\\xc3\\n\\xffx'",
    "DEBG 'l' stdout output:\nb'READY\\n'",
    "DEBG 'l' stdout output:\nb'RESULT 2\\nOKREADY\\n'",
  ]);
  assert.deepEqual(distinct(svwizd.mirrored), distinct(python.mirrored));
  assert.deepEqual(python.exitSequence, ['INFO exited: bin (exit status 0; expected)', 'DEBG received SIGCHLD indicating a child quit']);
  assert.deepEqual(svwizd.exitSequence, python.exitSequence);
});
