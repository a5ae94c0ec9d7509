/**
 * Fault suite: oversized and hostile XML-RPC bodies against a real svwizd. Each is refused with a
 * status and a text that says what was wrong, costs the daemon a bounded amount, and leaves the
 * daemon answering and its program running with the same pid.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { encodeMethodCall } from '../../../src/protocol/xmlrpc-codec.js';
import { rawRequest, xmlRpcCall } from '../../helpers/rpc-http.js';
import { peakRssDuring, startFaultDaemon, type FaultDaemon } from '../../helpers/rpc-fault-daemon.js';
import { waitFor } from '../../helpers/temp.js';

let daemon: FaultDaemon;
before(async () => {
  daemon = await startFaultDaemon('rfh');
});
after(() => daemon.stop());

/** Send raw bytes on a new connection; resolves the first response's head and body text once the server answers or closes. */
function rawExchange(port: number, text: string, { waitMs = 20000 } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${waitMs} ms; got ${JSON.stringify(received)}`));
    }, waitMs);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const head = received.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(received);
      if (head >= 0 && length && received.length >= head + 4 + Number(length[1])) {
        clearTimeout(timer);
        socket.destroy();
        resolve(received);
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on('error', () => undefined);
    socket.write(text);
  });
}

const GET_STATE = encodeMethodCall('supervisor.getState', []);

test('a huge Content-Length is refused with 413 before any of the body is read', async () => {
  const { result: answer, peakMb } = await peakRssDuring(daemon.pid, () =>
    rawExchange(daemon.port, `POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: 1000000000000\r\n\r\n<methodCall>`),
  );
  assert.match(answer, /^HTTP\/1\.1 413 /);
  assert.match(answer, /body of 1000000000000 bytes refused: svwizd accepts at most 1048576 bytes on \/RPC2/);
  assert.ok(peakMb < 200, `peak RSS ${peakMb.toFixed(0)} MB`);
  await daemon.assertHealthy();
});

test('a body just over the limit that the client really sends is refused with 413', async () => {
  const body = Buffer.alloc(1024 * 1024 + 1, 0x20);
  const response = await rawRequest(daemon.inet, { body }).catch((error: NodeJS.ErrnoException) => ({ status: error.code, body: '' }));
  // The server answers from the headers and closes; a client still writing may see the reset instead.
  assert.ok(response.status === 413 || response.status === 'ECONNRESET' || response.status === 'EPIPE', String(response.status));
  if (response.status === 413) assert.match(response.body, /accepts at most 1048576 bytes/);
  await daemon.assertHealthy();
});

test('hostile documents get 400 and the main log says why', async () => {
  const laughs =
    `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">` +
    Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('') +
    `]><methodCall><methodName>supervisor.getState</methodName><params><param><value>&lol9;</value></param></params></methodCall>`;
  const deep = `<?xml version='1.0'?><methodCall><methodName>supervisor.getState</methodName><params><param>${'<value><array><data>'.repeat(5000)}${'</data></array></value>'.repeat(5000)}</param></params></methodCall>`;
  const manyElements = encodeMethodCall('supervisor.getState', [Array.from({ length: 20000 }, () => 1)]);
  const cases: [string, string, RegExp][] = [
    ['billion laughs', laughs, /DOCTYPE is not allowed/],
    ['deep nesting', deep, /nested deeper than 100/],
    ['too many elements', manyElements, /more than 25000 elements/],
    ['undefined entity', `<methodCall><methodName>supervisor.getState</methodName><params><param><value>&xxe;</value></param></params></methodCall>`, /undefined entity &xxe;/],
    ['not UTF-8', `<methodCall><methodName>\xff\xfe</methodName></methodCall>`, /not valid UTF-8/],
  ];
  for (const [what, body, logged] of cases) {
    const payload = what === 'not UTF-8' ? Buffer.from(body, 'latin1') : body;
    const response = await rawRequest(daemon.inet, { body: payload });
    assert.equal(response.status, 400, what);
    // The log line reaches us through the daemon's stdout pipe, which may trail the HTTP answer.
    await waitFor(`the main log line for ${what}`, () => logged.test(daemon.output()), { timeoutMs: 5000 });
    assert.match(daemon.output(), logged, what);
  }
  await daemon.assertHealthy();
});

test('many huge strings in parallel: each within the limit is answered, memory stays bounded, getState keeps answering', async (t) => {
  const big = encodeMethodCall('supervisor.getState', [Array.from({ length: 12 }, () => 'x'.repeat(80 * 1024))]);
  assert.ok(big.length > 900 * 1024 && big.length < 1024 * 1024);
  const { result, peakMb } = await peakRssDuring(daemon.pid, async () => {
    const uploads = Array.from({ length: 12 }, () => rawRequest(daemon.inet, { body: big, timeoutMs: 120000 }));
    // While the uploads are parsed (two at a time), a small call is still answered.
    const state = await xmlRpcCall(daemon.inet, 'supervisor.getState', []);
    return { state, statuses: (await Promise.all(uploads)).map((response) => response.status) };
  });
  assert.deepEqual(result.state, { statecode: 1, statename: 'RUNNING' });
  // getState takes no parameters: the daemon parsed each upload and answered INCORRECT_PARAMETERS.
  assert.deepEqual(new Set(result.statuses), new Set([200]));
  t.diagnostic(`peak RSS under 12 parallel ~1 MB requests: ${peakMb.toFixed(0)} MB`);
  assert.ok(peakMb < 256, `peak RSS ${peakMb.toFixed(0)} MB (ceiling 256 MB)`);
  await daemon.assertHealthy();
});

test('a slow body holds no permit for small calls and is cut after 30 s with 408', { timeout: 90000 }, async () => {
  const answer = rawExchange(
    daemon.port,
    `POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: ${GET_STATE.length + 100}\r\n\r\n${GET_STATE.slice(0, 20)}`,
    { waitMs: 60000 },
  );
  assert.deepEqual(await xmlRpcCall(daemon.inet, 'supervisor.getState', []), { statecode: 1, statename: 'RUNNING' });
  const text = await answer;
  assert.match(text, /^HTTP\/1\.1 408 /);
  assert.match(text, /did not arrive within 30 s/);
  await daemon.assertHealthy();
});
