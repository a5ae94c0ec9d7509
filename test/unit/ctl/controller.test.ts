/**
 * Controller paths no real daemon produces on demand (another API version, a server without the
 * supervisor namespace, result codes supervisorctl cannot word), against a scripted RPC client.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CtlSettings, CtlTerminal } from '../../../src/ctl/command-context.js';
import { Controller } from '../../../src/ctl/controller.js';
import { RpcFault } from '../../../src/protocol/faults.js';
import { RpcConnectionError } from '../../../src/protocol/rpc-connection-error.js';
import type { XmlRpcValue } from '../../../src/protocol/types.js';

type Answers = Record<string, XmlRpcValue | Error>;

function controllerWith(answers: Answers, json = false) {
  const out: string[] = [];
  const err: string[] = [];
  const terminal: CtlTerminal = {
    write: (text) => out.push(text),
    writeError: (text) => err.push(text),
    readLine: async () => null,
    readSecret: async () => null,
    interruptScope: () => ({ signal: new AbortController().signal, release: () => undefined }),
  };
  const settings: CtlSettings = { serverUrl: 'unix:///x.sock', username: null, password: null, prompt: 'supervisor', historyFile: null, interactive: false };
  const client = {
    async call(method: string) {
      const answer = answers[method];
      if (answer instanceof Error) throw answer;
      if (answer === undefined) throw new Error(`unexpected call ${method}`);
      return answer;
    },
    close: () => undefined,
  };
  const ctl = new Controller(settings, terminal, () => client, undefined, json);
  return { ctl, stdout: () => out.join(''), stderr: () => err.join('') };
}

test('another API version: exit 5 and supervisorctl sentence', async () => {
  const { ctl, stdout } = controllerWith({ 'supervisor.getVersion': '2.0' });
  await ctl.runLine('status');
  // status overrides any failed upcheck with 4, as supervisorctl does.
  assert.equal(ctl.exitStatus, 4);
  assert.equal(stdout(), 'Sorry, this version of supervisorctl expects to talk to a server with API version 3.0, but the remote version is 2.0.\n');
  const other = controllerWith({ 'supervisor.getVersion': '2.0' });
  await other.ctl.runLine('version');
  assert.equal(other.ctl.exitStatus, 5);
});

test('no supervisor namespace: exit 3', async () => {
  const { ctl, stdout } = controllerWith({ 'supervisor.getVersion': RpcFault.fromWire(1, 'UNKNOWN_METHOD') });
  await ctl.runLine('pid');
  assert.equal(ctl.exitStatus, 3);
  assert.match(stdout(), /^Sorry, supervisord responded but did not recognize the supervisor namespace commands/);
});

test('a result code supervisorctl cannot word ends the command like its ValueError', async () => {
  const { ctl, stdout } = controllerWith({
    'supervisor.getVersion': '3.0',
    'supervisor.startProcess': RpcFault.fromWire(30, 'FAILED'),
  });
  await ctl.runLine('start cat');
  assert.equal(ctl.exitStatus, 1);
  assert.equal(stdout(), "error: <class 'ValueError'>, Unknown result code 30 for cat\n");
});

test('an unexpected fault prints supervisorctl error line', async () => {
  const { ctl, stdout } = controllerWith({ 'supervisor.reloadConfig': RpcFault.fromWire(92, "CANT_REREAD: can't parse") });
  await ctl.runLine('update');
  assert.equal(ctl.exitStatus, 1);
  assert.equal(stdout(), `error: <class 'xmlrpc.client.Fault'>, <Fault 92: "CANT_REREAD: can't parse">\n`);
});

test('HTTP 500 prints the ProtocolError line', async () => {
  const { ctl, stdout } = controllerWith({
    'supervisor.getVersion': '3.0',
    'supervisor.readProcessStdoutLog': new RpcConnectionError('unix:///x.sock', 'HTTP_500', 'x', { status: 500, reason: 'Internal Server Error' }),
  });
  await ctl.runLine('tail cat');
  assert.equal(ctl.exitStatus, 1);
  assert.equal(stdout(), "error: <class 'xmlrpc.client.ProtocolError'>, <ProtocolError for 127.0.0.1/RPC2: 500 Internal Server Error>\n");
});

test('--json on a command that changes things is a usage error', async () => {
  const { ctl, stdout } = controllerWith({}, true);
  await ctl.runLine('stop all');
  assert.equal(ctl.exitStatus, 2);
  assert.match(stdout(), /--json works only with status, pid, avail, version, tail, maintail/);
});

test('--json failure before any answer still prints one document', async () => {
  const { ctl, stdout, stderr } = controllerWith({ 'supervisor.getVersion': new RpcConnectionError('unix:///x.sock', 'ECONNREFUSED', 'refused') }, true);
  await ctl.runLine('version');
  assert.equal(ctl.exitStatus, 4);
  assert.deepEqual(JSON.parse(stdout()), { schemaVersion: 1, error: stderr().trim() });
});
