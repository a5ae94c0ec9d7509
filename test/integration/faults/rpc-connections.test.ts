/**
 * Fault suite: many slow and half-open connections, and 50 clients polling getAllProcessInfo at
 * once, against a real svwizd. A normal client keeps getting answers, the daemon's RSS stays under
 * the ceiling stated in docs/daemon.md (256 MB), and the daemon and its program stay up.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { connect, type Socket } from 'node:net';
import { encodeMethodCall } from '../../../src/protocol/xmlrpc-codec.js';
import { xmlRpcCall } from '../../helpers/rpc-http.js';
import { peakRssDuring, rssMegabytes, startFaultDaemon, type FaultDaemon } from '../../helpers/rpc-fault-daemon.js';

const MEMORY_CEILING_MB = 256;

let daemon: FaultDaemon;
before(async () => {
  daemon = await startFaultDaemon('rfc');
});
after(() => daemon.stop());

function openSocket(port: number, text: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(text);
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

test('200 half-open and slow connections: a normal client still gets answers', async () => {
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < 200; i += 1) {
      const text =
        i % 2 === 0
          ? 'POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty' // headers never finished
          : `POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: ${60 * 1024}\r\n\r\n<methodCall>`; // body never finished
      sockets.push(await openSocket(daemon.port, text));
    }
    for (let i = 0; i < 5; i += 1) {
      assert.deepEqual(await xmlRpcCall(daemon.inet, 'supervisor.getState', []), { statecode: 1, statename: 'RUNNING' });
      assert.equal(((await xmlRpcCall(daemon.unix, 'supervisor.getAllProcessInfo', [])) as unknown[]).length, 1);
    }
    assert.ok(rssMegabytes(daemon.pid) < MEMORY_CEILING_MB);
  } finally {
    for (const socket of sockets) socket.destroy();
  }
  await daemon.assertHealthy();
});

test('50 clients polling getAllProcessInfo: every call answered, RSS under the ceiling', { timeout: 120000 }, async (t) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
  const body = encodeMethodCall('supervisor.getAllProcessInfo', []);
  const poll = () =>
    new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: daemon.port, method: 'POST', path: '/RPC2', agent, headers: { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.setTimeout(30000, () => req.destroy(new Error('no answer within 30 s')));
      req.on('error', reject);
      req.end(body);
    });
  const before = rssMegabytes(daemon.pid);
  const deadline = Date.now() + 8000;
  const statuses: number[] = [];
  try {
    const { peakMb } = await peakRssDuring(daemon.pid, () =>
      Promise.all(
        Array.from({ length: 50 }, async () => {
          for (let i = 0; i < 2000 && Date.now() < deadline; i += 1) statuses.push(await poll());
        }),
      ),
    );
    t.diagnostic(`50 pollers: ${statuses.length} calls, RSS ${before.toFixed(0)} MB before, peak ${peakMb.toFixed(0)} MB`);
    assert.ok(statuses.length >= 50);
    assert.deepEqual(new Set(statuses), new Set([200]));
    assert.ok(peakMb < MEMORY_CEILING_MB, `peak RSS ${peakMb.toFixed(0)} MB`);
  } finally {
    agent.destroy();
  }
  await daemon.assertHealthy();
});
