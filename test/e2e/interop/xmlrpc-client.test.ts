/**
 * Python's xmlrpc.client (Debian's /usr/bin/python3, through Supervisor's own transport) calls
 * every XML-RPC method — values, faults, HTTP errors — on svwizd and on a real Python supervisord
 * running the same config, in the same order. The normalized outcomes must be equal, call by call.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parityConfigText } from '../../helpers/ctl-parity.js';
import { InteropPair } from '../../helpers/rpc-interop.js';
import { XMLRPC_CALLS_SCRIPT } from '../../helpers/rpc-interop-script.js';
import { DEBIAN_PYTHON } from '../../helpers/python-supervisord.js';

const pair = new InteropPair('ixr', (dir) => parityConfigText(dir));
before(() => pair.start());
after(() => pair.stop());

type Outcome = [label: string, outcome: unknown];

async function runScript(socketPath: string, dir: string): Promise<Outcome[]> {
  const { stdout } = await promisify(execFile)(DEBIAN_PYTHON, ['-c', XMLRPC_CALLS_SCRIPT, socketPath, dir], {
    encoding: 'utf8',
    timeout: 180_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim().split('\n').map((line) => JSON.parse(line) as Outcome);
}

test('every XML-RPC method answers on svwizd as on supervisord (values and faults)', { timeout: 600_000 }, async (t) => {
  const [ours, theirs] = await Promise.all(pair.daemons.map((daemon) => runScript(daemon.socketPath, daemon.dir)));
  assert.ok(theirs.length > 120, `the script made ${theirs.length} calls`);
  assert.deepEqual(ours.map(([label]) => label), theirs.map(([label]) => label));
  const mismatches = ours
    .map(([label, outcome], index) => ({ label, got: outcome, expected: theirs[index][1] }))
    .filter(({ got, expected }) => JSON.stringify(got) !== JSON.stringify(expected));
  for (const mismatch of mismatches) {
    t.diagnostic(`${mismatch.label}: supervisord ${JSON.stringify(mismatch.expected)}, svwizd ${JSON.stringify(mismatch.got)}`);
  }
  assert.deepEqual(mismatches, []);
  // Supervisor's own answers to a few calls, so that two daemons failing alike cannot pass.
  const outcome = (label: string) => theirs.find(([name]) => name === label)?.[1];
  assert.deepEqual(outcome('supervisor.getAPIVersion()'), ['OK', '3.0']);
  assert.deepEqual(outcome('supervisor.getSupervisorVersion()'), ['OK', '4.2.5']);
  assert.deepEqual(outcome('supervisor.getState()'), ['OK', { statecode: 1, statename: 'RUNNING' }]);
  assert.deepEqual(outcome("supervisor.getProcessInfo('nope',)"), ['FAULT', 10, 'BAD_NAME: nope']);
  assert.deepEqual(outcome("supervisor.readProcessStdoutLog('writer', 0, 0)"), ['OK', 'line1\nline2\n']);
});
