/**
 * Offsets and lengths sent as strings (and floats, bools) are converted with Python's int() where
 * Supervisor converts them, on a real svwizd: readProcessStdoutLog('x', '0', '5') answers the
 * first five bytes, and what int() refuses is a fault naming the argument.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { RpcFault } from '../../../src/protocol/faults.js';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import { startSvwizd, type RunningSvwizd } from '../../helpers/svwizd-daemon.js';
import { xmlRpcCall } from '../../helpers/rpc-http.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';

const dir = makeTempDir('rint');
const socketPath = path.join(dir, 's.sock');
const endpoint = { socketPath };
let daemon: RunningSvwizd;

before(async () => {
  const programs = `[program:talk]\ncommand=/bin/sh -c "printf 0123456789; exec /bin/sleep 1000"\nstartsecs=0\n`;
  daemon = await startSvwizd(dir, daemonConfigText(dir, programs));
  await waitFor('talk output', async () => (await xmlRpcCall(endpoint, 'supervisor.readProcessStdoutLog', ['talk', 0, 0])) === '0123456789');
});
after(async () => {
  await daemon.stop();
  removeTempDir(dir);
});

test('string, float and bool offsets and lengths read the same bytes as integers', async () => {
  assert.equal(await xmlRpcCall(endpoint, 'supervisor.readProcessStdoutLog', ['talk', '0', '5']), '01234');
  assert.equal(await xmlRpcCall(endpoint, 'supervisor.readProcessLog', ['talk', ' 2 ', '+3']), '234');
  assert.equal(await xmlRpcCall(endpoint, 'supervisor.readProcessStdoutLog', ['talk', '-4', '0']), '6789');
  assert.equal(await xmlRpcCall(endpoint, 'supervisor.readProcessStdoutLog', ['talk', 1.9, true]), '1');
  assert.equal(await xmlRpcCall(endpoint, 'supervisor.readProcessStdoutLog', ['talk', '0_0', '1_0']), '0123456789');
  assert.deepEqual(await xmlRpcCall(endpoint, 'supervisor.tailProcessStdoutLog', ['talk', '0', '4']), ['6789', 10, true]);
  assert.deepEqual(await xmlRpcCall(endpoint, 'supervisor.tailProcessLog', ['talk', '\t10\n', '100']), ['', 10, false]);
  const mainLog = await xmlRpcCall(endpoint, 'supervisor.readLog', ['0', '10']);
  assert.equal(typeof mainLog === 'string' && mainLog.length, 10);
});

test('what int() refuses is INCORRECT_PARAMETERS naming the argument and the value', async () => {
  const cases: [string, unknown[], string][] = [
    ['supervisor.readProcessStdoutLog', ['talk', '1.5', 0], "INCORRECT_PARAMETERS: offset: invalid literal for int() with base 10: '1.5'"],
    ['supervisor.readProcessStdoutLog', ['talk', 0, ''], "INCORRECT_PARAMETERS: length: invalid literal for int() with base 10: ''"],
    ['supervisor.tailProcessStderrLog', ['talk', [1], 5], "INCORRECT_PARAMETERS: offset: int() argument must be a string, a bytes-like object or a real number, not 'list'"],
    ['supervisor.readLog', ['1__0', 0], "INCORRECT_PARAMETERS: offset: invalid literal for int() with base 10: '1__0'"],
  ];
  for (const [method, params, text] of cases) {
    await assert.rejects(
      xmlRpcCall(endpoint, method, params as never),
      (error: unknown) => error instanceof RpcFault && error.faultCode === 2 && error.faultString === text,
      `${method}${JSON.stringify(params)}`,
    );
  }
  // The name is checked first, as in Supervisor.
  await assert.rejects(xmlRpcCall(endpoint, 'supervisor.readProcessStdoutLog', ['nope', 'abc', 0]), (error: unknown) => error instanceof RpcFault && error.faultCode === 10);
});
