import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createDispatcher, coerceArguments, resolveMethodName } from '../../../src/rpc/dispatch.js';
import { RpcFault } from '../../../src/protocol/faults.js';
import type { XmlRpcValue } from '../../../src/protocol/types.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { createFakeDaemon } from '../../helpers/rpc-fake-namespace.js';

const dir = makeTempDir('svw-disp');
after(() => removeTempDir(dir));
const daemon = createFakeDaemon(dir, { waitMs: 50 });
const dispatcher = createDispatcher(daemon.namespace);

/** Method names and signatures read from Debian's real Supervisor 4.2.5 module (the oracle). */
const pythonSignatures = JSON.parse(
  execFileSync(
    '/usr/bin/python3',
    [
      '-c',
      `import json
from supervisor import rpcinterface, xmlrpc
ns = xmlrpc.SystemNamespaceRPCInterface([('supervisor', rpcinterface.SupervisorNamespaceRPCInterface(None))])
print(json.dumps({name: ns.methodSignature(name) for name in ns.listMethods()}))`,
    ],
    { encoding: 'utf8' },
  ),
) as Record<string, string[]>;

async function fault(promise: Promise<unknown>): Promise<{ code: number; text: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcFault) return { code: error.faultCode, text: error.faultString };
    throw error;
  }
  throw new Error('expected a fault');
}

test('system.listMethods answers the same 41 names as Supervisor 4.2.5', async () => {
  const names = (await dispatcher.call('system.listMethods', [])) as string[];
  assert.equal(names.length, 41);
  assert.deepEqual(names, Object.keys(pythonSignatures));
});

test('system.methodSignature matches Supervisor for every method', async () => {
  for (const [name, signature] of Object.entries(pythonSignatures)) {
    assert.deepEqual(await dispatcher.call('system.methodSignature', [name]), signature, name);
  }
});

test('system.methodHelp answers text for every method and SIGNATURE_UNSUPPORTED otherwise', async () => {
  for (const name of Object.keys(pythonSignatures)) {
    const help = await dispatcher.call('system.methodHelp', [name]);
    assert.equal(typeof help, 'string');
    assert.ok((help as string).length > 10, name);
  }
  assert.deepEqual(await fault(dispatcher.call('system.methodHelp', ['supervisor.nope'])), { code: 4, text: 'SIGNATURE_UNSUPPORTED' });
  assert.deepEqual(await fault(dispatcher.call('system.methodSignature', [42])), { code: 4, text: 'SIGNATURE_UNSUPPORTED' });
});

test('unknown and hostile method names are UNKNOWN_METHOD (CVE-2017-11610)', async () => {
  const names = [
    'supervisor.supervisord.options.warnings.linecache.os.system',
    'supervisor._update',
    'supervisor.__init__',
    'supervisor.constructor',
    'supervisor.toString',
    'supervisor.hasOwnProperty',
    'supervisor.__proto__',
    'system._listMethods',
    'system.constructor',
    'rpc.getVersion',
    'getVersion',
    '',
    '.',
    'supervisor.',
    'supervisor.getVersion.extra',
  ];
  for (const name of names) {
    assert.deepEqual(await fault(dispatcher.call(name, ['id'])), { code: 1, text: 'UNKNOWN_METHOD' }, name);
    assert.throws(() => resolveMethodName(name), RpcFault);
  }
});

test('arity and types: INCORRECT_PARAMETERS; optional wait defaults to true', async () => {
  const cases: [string, XmlRpcValue[]][] = [
    ['supervisor.getVersion', ['extra']],
    ['supervisor.getProcessInfo', []],
    ['supervisor.getProcessInfo', [1]],
    ['supervisor.readProcessLog', ['cat', 0]],
    ['supervisor.startProcess', ['cat', true, 'extra']],
    ['system.multicall', ['not an array']],
  ];
  for (const [name, params] of cases) {
    assert.deepEqual(await fault(dispatcher.call(name, params)), { code: 2, text: 'INCORRECT_PARAMETERS' }, `${name} ${JSON.stringify(params)}`);
  }
  await dispatcher.call('supervisor.startProcess', ['cat']);
  await dispatcher.call('supervisor.startProcess', ['cat', 0]);
  await dispatcher.call('supervisor.startAllProcesses', ['yes']);
  assert.deepEqual(daemon.calls.filter((c) => c.startsWith('start')), ['startProcess(cat,true)', 'startProcess(cat,false)', 'startAllProcesses(true)']);
  // Offsets and lengths reach the namespace as sent: it applies Python's int() where Supervisor does.
  await dispatcher.call('supervisor.readLog', [true, ' 5 ']);
  assert.ok(daemon.calls.includes('readLog(true, 5 )'), daemon.calls.join());
});

test('coerceArguments is table-driven', () => {
  const params = [
    { name: 'name', type: 'string' as const },
    { name: 'wait', type: 'boolean' as const, default: true },
  ];
  assert.deepEqual(coerceArguments(params, ['x']), ['x', true]);
  assert.deepEqual(coerceArguments(params, ['x', '']), ['x', false]);
  assert.deepEqual(coerceArguments(params, ['x', [1]]), ['x', true]);
  assert.throws(() => coerceArguments(params, []), RpcFault);
});

test('methods Supervisor lets convert their own arguments: signals as numbers, group names via str()', async () => {
  assert.deepEqual(await fault(dispatcher.call('supervisor.addProcessGroup', [5])), { code: 10, text: 'BAD_NAME: 5' });
  assert.deepEqual(await fault(dispatcher.call('supervisor.removeProcessGroup', [true])), { code: 10, text: 'BAD_NAME: True' });
  assert.equal(await dispatcher.call('supervisor.signalProcess', ['cat', 15]), true);
  assert.equal(await dispatcher.call('supervisor.sendRemoteCommEvent', [1, 2.5]), true);
  // Not a signal at all: supervisord fails with HTTP 500, so this is not a fault.
  await assert.rejects(dispatcher.call('supervisor.signalProcess', ['cat', [1]]), (error: unknown) => !(error instanceof RpcFault));
});

test('faults from the namespace pass through with their text', async () => {
  assert.deepEqual(await fault(dispatcher.call('supervisor.getProcessInfo', ['nope'])), { code: 10, text: 'BAD_NAME: nope' });
});

test('system.multicall: bare values, faults as structs, deferred calls in order, recursion refused', async () => {
  const results = await dispatcher.call('system.multicall', [
    [
      { methodName: 'supervisor.getAPIVersion', params: [] },
      { methodName: 'supervisor.startProcess', params: ['cat'] },
      { methodName: 'supervisor.getProcessInfo', params: ['nope'] },
      { methodName: 'supervisor.getState' },
      { params: [] },
      { methodName: 'system.multicall', params: [[]] },
      { methodName: 'supervisor.nope', params: [] },
      { methodName: 'supervisor.getProcessInfo', params: 'cat' },
      { methodName: 42, params: [] },
    ],
  ]);
  assert.ok(Array.isArray(results));
  assert.equal(results[0], '3.0');
  assert.equal(results[1], true);
  assert.deepEqual(results[2], { faultCode: 10, faultString: 'BAD_NAME: nope' });
  assert.deepEqual(results[3], { statecode: 1, statename: 'RUNNING' });
  assert.deepEqual(results[4], { faultCode: 2, faultString: 'INCORRECT_PARAMETERS: No methodName' });
  assert.deepEqual(results[5], { faultCode: 2, faultString: 'INCORRECT_PARAMETERS: Recursive system.multicall forbidden' });
  assert.deepEqual(results[6], { faultCode: 1, faultString: 'UNKNOWN_METHOD' });
  assert.deepEqual(results[7], { faultCode: 2, faultString: 'INCORRECT_PARAMETERS' });
  assert.equal((results[8] as { faultCode: number }).faultCode, 30);
  // A non-struct element is a broken request (supervisord: HTTP 500), not a fault.
  await assert.rejects(dispatcher.call('system.multicall', [['x']]), (error: unknown) => !(error instanceof RpcFault));
});

test('an internal exception is not turned into a fault', async () => {
  daemon.calls.push('break-identification');
  await assert.rejects(dispatcher.call('supervisor.getIdentification', []), (error: unknown) => !(error instanceof RpcFault));
});
