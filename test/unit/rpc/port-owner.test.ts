import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import path from 'node:path';
import {
  findTcpPortOwner,
  findUnixSocketOwner,
  listeningTcpInodes,
  listeningUnixInodes,
} from '../../../src/rpc/port-owner.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dir = makeTempDir('svw-own');
after(() => removeTempDir(dir));

test('parses /proc/net/tcp listening entries by port', () => {
  const text = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:2329 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0',
    '   1: 0100007F:2329 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 4343 1 0000000000000000 100 0 0 10 0',
    '   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4444 1 0000000000000000 100 0 0 10 0',
  ].join('\n');
  assert.deepEqual(listeningTcpInodes(text, 9001), [4242]);
  assert.deepEqual(listeningTcpInodes(text, 8080), [4444]);
  assert.deepEqual(listeningTcpInodes(text, 1), []);
});

test('parses /proc/net/unix: the file itself or its <file>.<pid> bind name', () => {
  const text = [
    'Num       RefCount Protocol Flags    Type St Inode Path',
    '0000000000000000: 00000002 00000000 00010000 0001 01 111 /tmp/a/supervisor.sock.1234',
    '0000000000000000: 00000002 00000000 00010000 0001 01 222 /tmp/a/supervisor.sock',
    '0000000000000000: 00000003 00000000 00000000 0001 03 333 /tmp/a/supervisor.sock',
    '0000000000000000: 00000002 00000000 00010000 0001 01 444 /tmp/a/supervisor.sock.bak',
  ].join('\n');
  assert.deepEqual(listeningUnixInodes(text, '/tmp/a/supervisor.sock'), [111, 222]);
});

test('finds this very process holding a real TCP port and unix socket', async (t) => {
  const tcp = createServer();
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  t.after(() => tcp.close());
  const port = (tcp.address() as { port: number }).port;
  assert.equal((await findTcpPortOwner(port))?.pid, process.pid);

  const socketPath = path.join(dir, 'own.sock');
  const unix = createServer();
  await new Promise<void>((resolve) => unix.listen(socketPath, resolve));
  t.after(() => unix.close());
  const owner = await findUnixSocketOwner(socketPath);
  assert.equal(owner?.pid, process.pid);
  assert.ok(owner?.name.length);
});
