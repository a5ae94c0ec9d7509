/** The Nodes view's pure parts: a node's row from its multicall answer, and why a node is unreachable. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeStatus, unreachable } from '../../../src/web/nodes.js';
import { RpcConnectionError } from '../../../src/protocol/transport.js';
import { RpcFault } from '../../../src/protocol/faults.js';

const node = { name: 'kitchen', serverUrl: 'http://127.0.0.1:9001', auth: { username: 'a', password: 'secret' }, timeoutSeconds: 2 };

test('a node row carries its identity, state and processes, never its credentials', () => {
  // Supervisor's multicall shape: each result as it is, not wrapped in a one-item array.
  const status = nodeStatus(node, [
    'kitchen-pi',
    '4.2.5',
    { statecode: 1, statename: 'RUNNING' },
    [{ name: 'web', group: 'web', statename: 'RUNNING', description: 'pid 7, uptime 0:01:00', pid: 7 }],
  ]);
  assert.deepEqual(status, {
    name: 'kitchen',
    serverUrl: 'http://127.0.0.1:9001',
    reachable: true,
    identification: 'kitchen-pi',
    supervisorVersion: '4.2.5',
    state: 'RUNNING',
    processes: [{ name: 'web', group: 'web', statename: 'RUNNING', description: 'pid 7, uptime 0:01:00' }],
  });
  assert.doesNotMatch(JSON.stringify(status), /secret/);
});

test('a fault inside the multicall leaves that field empty instead of failing the row', () => {
  const status = nodeStatus(node, [{ faultCode: 1, faultString: 'UNKNOWN_METHOD' }, '4.2.5', { statename: 'RUNNING' }, []]);
  assert.equal(status.identification, undefined);
  assert.equal(status.supervisorVersion, '4.2.5');
  assert.deepEqual(status.processes, []);
});

test('why a node is unreachable, in plain words', () => {
  const problem = (error: unknown) => unreachable(node, error).problem;
  assert.equal(problem(new RpcConnectionError(node.serverUrl, 'ETIMEDOUT', 'x')), 'no answer within 2 s');
  assert.equal(problem(new RpcConnectionError(node.serverUrl, 'ECONNREFUSED', 'x')), 'refused connection');
  assert.match(problem(new RpcConnectionError(node.serverUrl, 'HTTP_401', 'x', { status: 401 }))!, /wrong username or password \(HTTP 401\)/);
  assert.equal(problem(new RpcFault('BAD_NAME', 'x')), 'answered with fault 10: BAD_NAME: x');
  assert.equal(unreachable(node, new Error('boom')).reachable, false);
});
