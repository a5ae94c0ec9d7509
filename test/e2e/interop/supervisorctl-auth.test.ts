/**
 * Debian's real supervisorctl against svwizd and a real Python supervisord with authentication on
 * both servers: an [inet_http_server] with a {SHA} password and a [unix_http_server] with a plain
 * one. Right credentials work (XML-RPC and the tail -f stream), wrong ones get the same 401 text.
 */
import { after, before, test } from 'node:test';
import { createServer } from 'node:net';
import { settleBeforeInterrupt, type ParityStep } from '../../helpers/ctl-parity.js';
import { InteropPair } from '../../helpers/rpc-interop.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const ports = new Map<string, number>();
function authConfig(dir: string): string {
  const port = ports.get(dir)!;
  return `[unix_http_server]
file=${dir}/s.sock
username=local
password=plain secret

[inet_http_server]
port=127.0.0.1:${port}
username=user
password={SHA}a94a8fe5ccb19ba61c4c0873d391e987982fbbd3

[supervisord]
logfile=${dir}/supervisord.log
pidfile=${dir}/supervisord.pid
childlogdir=${dir}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=http://127.0.0.1:${port}
username=user
password=test

[program:writer]
command=/bin/sh -c "printf 'hello auth\\n'; exec /bin/sleep 1000"
startsecs=0
`;
}

// supervisorctl 4.2.5's answers, as masked by the pair (pid, uptime, Python's file/line suffix).
const WRITER_RUNNING = /^writer {2,}RUNNING {3}pid PID, uptime UPTIME\n$/;
const REFUSED: ParityStep['expect'] = {
  code: 1,
  stdout: /^Server requires authentication\nerror: <class 'xmlrpc\.client\.ProtocolError'>, <ProtocolError for 127\.0\.0\.1\/RPC2: 401 Unauthorized>\n$/,
};

const pair = new InteropPair('iau', authConfig, { username: 'local', password: 'plain secret' });
before(async () => {
  for (const dir of pair.dirs) ports.set(dir, await freePort());
  await pair.start();
});
after(() => pair.stop());

test('authentication through the real supervisorctl: svwizd answers like supervisord', { timeout: 600_000 }, async (t) => {
  const maskPorts = (text: string) => text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');
  const compare = async (args: string[], expect: ParityStep['expect']) => {
    await t.test(`supervisorctl ${args.join(' ')}`, async () => {
      const results = await pair.supervisorctl(args);
      pair.assertSame(results.map((r) => ({ ...r, stdout: maskPorts(r.stdout), stderr: maskPorts(r.stderr) })), args.join(' '), expect);
    });
  };
  await compare(['status'], { code: 0, stdout: WRITER_RUNNING });
  await compare(['tail', 'writer'], { code: 0, stdout: /^hello auth\n/ });
  await compare(['-u', 'user', '-p', 'wrong', 'status'], REFUSED);
  // The stored {SHA} digest is not a password.
  await compare(['-u', 'user', '-p', 'A94A8FE5CCB19BA61C4C0873D391E987982FBBD3', 'status'], REFUSED);
  await compare(['-u', 'nobody', '-p', 'test', 'version'], REFUSED);
  await t.test('unix socket with its own plain password', async () => {
    const results = await Promise.all(pair.dirs.map((dir, index) => pair.supervisorctlAt(index, ['-s', `unix://${dir}/s.sock`, '-u', 'local', '-p', 'plain secret', 'status'])));
    pair.assertSame(results, 'status over unix with plain password', { code: 0, stdout: WRITER_RUNNING });
    const refused = await Promise.all(pair.dirs.map((dir, index) => pair.supervisorctlAt(index, ['-s', `unix://${dir}/s.sock`, '-u', 'local', '-p', 'nope', 'pid'])));
    pair.assertSame(refused, 'pid over unix with a wrong password', REFUSED);
  });
  await t.test('tail -f through the authenticated inet server', async () => {
    const results = await pair.live(['tail', '-f', 'writer'], async (ctl) => {
      await ctl.waitForOutput(/hello auth\n/);
      await settleBeforeInterrupt();
      ctl.interrupt();
    });
    pair.assertSame(results, 'tail -f writer', { code: 0, stdout: /^==> Press Ctrl-C to exit <==\nhello auth\n/ });
  });
});
