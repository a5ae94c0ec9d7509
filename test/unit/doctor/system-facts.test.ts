import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeProcAddress, findTcpListeners, findUnixListeners, parseProcNetTcp, parseProcNetUnix, parseSocketLink, probeUnixSocket } from '../../../src/system/ports.js';
import { classifySupervisorArgv, findSupervisorProcesses, parseCmdline, parseProcStat, parseStatusUid, isPidAlive } from '../../../src/system/processes.js';
import { findSupervisordConfig } from '../../../src/config/discover.js';
import { accountsFromFiles, findUser, groupIdsOf, parseGroup, parsePasswd, resolveOwner } from '../../../src/system/users.js';
import { canEnterDirectory, canWriteFile, permits } from '../../../src/system/access.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeTempDir));

test('decodeProcAddress', () => {
  for (const [hex, text] of [
    ['0100007F', '127.0.0.1'],
    ['00000000', '0.0.0.0'],
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000001000000', '::1'],
    ['0000000000000000FFFF00000100007F', '127.0.0.1'],
  ]) assert.equal(decodeProcAddress(hex!), text, hex);
});

test('parseProcNetTcp and parseProcNetUnix', () => {
  const tcp = parseProcNetTcp(
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
      '   0: 0100007F:2329 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 41234 1 0000000000000000 100 0 0 10 0\n' +
      '   1: 0100007F:A2B4 0100007F:2329 01 00000000:00000000 00:00000000 00000000  1000        0 41299 1\n',
  );
  assert.deepEqual(tcp, [
    { localAddress: '127.0.0.1', localPort: 9001, state: 0x0a, uid: 0, inode: 41234 },
    { localAddress: '127.0.0.1', localPort: 41652, state: 1, uid: 1000, inode: 41299 },
  ]);
  const unix = parseProcNetUnix(
    'Num       RefCount Protocol Flags    Type St Inode Path\n' +
      '0000000000000000: 00000002 00000000 00010000 0001 01 33333 /run/supervisor.sock\n' +
      '0000000000000000: 00000003 00000000 00000000 0001 03 33334\n' +
      '0000000000000000: 00000002 00000000 00000000 0001 01 33335 /tmp/a b.sock\n',
  );
  assert.deepEqual(unix, [
    { inode: 33333, listening: true, path: '/run/supervisor.sock' },
    { inode: 33335, listening: false, path: '/tmp/a b.sock' },
  ]);
  assert.equal(parseSocketLink('socket:[123]'), 123);
  assert.equal(parseSocketLink('/dev/null'), undefined);
});

test('process parsers', () => {
  assert.deepEqual(parseProcStat('42 (my (odd) name) S 7 42 42 0 -1'), { pid: 42, comm: 'my (odd) name', state: 'S', ppid: 7 });
  assert.equal(parseStatusUid('Name:\tx\nUid:\t65534\t65534\t65534\t65534\n'), 65534);
  assert.deepEqual(parseCmdline('a\0b c\0'), ['a', 'b c']);
  const table: [string[], ReturnType<typeof classifySupervisorArgv>][] = [
    [['/usr/bin/python3', '/usr/bin/supervisord', '-n', '-c', '/etc/supervisor/supervisord.conf'], { backend: 'supervisord', script: '/usr/bin/supervisord', configArg: '/etc/supervisor/supervisord.conf' }],
    [['/usr/bin/supervisord', '--configuration=/x.conf'], { backend: 'supervisord', script: '/usr/bin/supervisord', configArg: '/x.conf' }],
    [['node', '/usr/lib/node_modules/svwiz/dist/src/bin/svwizd.js', '-c/y.conf'], { backend: 'svwizd', script: '/usr/lib/node_modules/svwiz/dist/src/bin/svwizd.js', configArg: '/y.conf' }],
    [['/usr/bin/python3', '/usr/bin/supervisord', '--version'], { backend: 'supervisord', script: '/usr/bin/supervisord', configArg: undefined, infoOnly: true }],
    [['/usr/bin/python3', '/usr/bin/supervisord', '-nc', '/etc/b.conf'], { backend: 'supervisord', script: '/usr/bin/supervisord', configArg: '/etc/b.conf' }],
    [['/usr/bin/python3', '/usr/bin/supervisord', '--profile_options=calls', '-c', '/p.conf'], { backend: 'supervisord', script: '/usr/bin/supervisord', configArg: '/p.conf' }],
    [['/bin/sleep', '100'], undefined],
    [['/usr/bin/supervisorctl', 'status'], undefined],
  ];
  for (const [argv, expected] of table) assert.deepEqual(classifySupervisorArgv(argv), expected, argv.join(' '));
  assert.equal(isPidAlive(process.pid), true);
  assert.equal(isPidAlive(-1), false);
});

test('findSupervisorProcesses: daemons with their config, not version queries or pre-exec children', () => {
  const base = makeTempDir('svwiz-proc-');
  dirs.push(base);
  const proc = path.join(base, 'proc');
  const work = path.join(base, 'work');
  const elsewhere = path.join(base, 'elsewhere');
  mkdirSync(work, { recursive: true });
  mkdirSync(elsewhere, { recursive: true });
  writeFileSync(path.join(work, 'supervisord.conf'), '[supervisord]\n');
  const fakeProcess = (pid: number, ppid: number, argv: string[], cwd: string) => {
    const dir = path.join(proc, String(pid));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'stat'), `${pid} (python3) S ${ppid} ${pid} ${pid} 0 -1`);
    writeFileSync(path.join(dir, 'status'), 'Name:\tpython3\nUid:\t0\t0\t0\t0\n');
    writeFileSync(path.join(dir, 'cmdline'), argv.join('\0') + '\0');
    symlinkSync(cwd, path.join(dir, 'cwd'));
  };
  // A script path whose ../etc and .. hold no config, so only the cwd entry can match.
  const script = path.join(base, 'no-prefix/bin/supervisord');
  fakeProcess(100, 1, ['/usr/bin/python3', script, '-n', '-c', 'supervisord.conf'], work);
  fakeProcess(101, 1, ['/usr/bin/python3', script, '--version'], work);
  fakeProcess(102, 1, ['/usr/bin/python3', script, '-n'], work);
  fakeProcess(103, 100, ['/usr/bin/python3', script, '-n', '-c', 'supervisord.conf'], work);
  fakeProcess(104, 1, ['/usr/bin/python3', script, '-n'], elsewhere);
  fakeProcess(105, 1, ['/bin/sleep', '100'], work);

  const found = findSupervisorProcesses(findSupervisordConfig, proc);
  const ours = path.join(work, 'supervisord.conf');
  assert.deepEqual(
    found
      .filter((p) => p.pid !== 104)
      .sort((a, b) => a.pid - b.pid)
      .map((p) => [p.pid, p.configFile]),
    [
      [100, ours],
      [102, ours],
    ],
  );
  // Started without -c away from our file: whatever it found (a system file or nothing), not ours.
  const away = found.find((p) => p.pid === 104);
  assert.ok(away, 'a daemon without -c is still listed');
  assert.notEqual(away.configFile, ours);
});

test('users, groups and owner specs', () => {
  const passwd = 'root:x:0:0:root:/root:/bin/bash\npi:x:1000:1000::/home/pi:/bin/bash\nbad line\n';
  const group = 'root:x:0:\npi:x:1000:\nadm:x:4:syslog,pi\nvideo:x:44:\n';
  assert.equal(parsePasswd(passwd).length, 2);
  assert.deepEqual(parseGroup(group).find((g) => g.name === 'adm')?.members, ['syslog', 'pi']);
  const accounts = accountsFromFiles(passwd, group);
  assert.equal(findUser(accounts, 'pi')?.uid, 1000);
  assert.equal(findUser(accounts, '1000')?.name, 'pi');
  assert.deepEqual(groupIdsOf(accounts, findUser(accounts, 'pi')!), [1000, 4]);
  assert.deepEqual(resolveOwner(accounts, 'pi'), { uid: 1000, gid: 1000 });
  assert.deepEqual(resolveOwner(accounts, 'pi:adm'), { uid: 1000, gid: 4 });
  assert.deepEqual(resolveOwner(accounts, '5:6'), { uid: 5, gid: 6 });
  assert.throws(() => resolveOwner(accounts, 'ghost'), /unknown user 'ghost'/);
});

test('permits follows the owner → group → other rule', () => {
  const pi = { uid: 1000, gids: [1000, 4] };
  const table: [number, number, number, 'r' | 'w' | 'x', boolean][] = [
    [0o640, 1000, 0, 'w', true],
    [0o440, 1000, 0, 'w', false],
    [0o070, 1000, 1000, 'r', false], // owner class wins even when the group class would allow
    [0o660, 0, 4, 'w', true],
    [0o604, 0, 0, 'r', true],
    [0o755, 0, 0, 'w', false],
  ];
  for (const [mode, uid, gid, want, expected] of table) {
    assert.equal(permits(pi, { mode, uid, gid, isDirectory: false }, want), expected, `${mode.toString(8)} ${uid}:${gid} ${want}`);
  }
  assert.equal(permits({ uid: 0, gids: [0] }, { mode: 0o000, uid: 5, gid: 5, isDirectory: false }, 'w'), true);
  assert.equal(permits({ uid: 0, gids: [0] }, { mode: 0o644, uid: 5, gid: 5, isDirectory: false }, 'x'), false);
});

test('canWriteFile and canEnterDirectory on real files for nobody', async () => {
  const dir = makeTempDir('acc');
  dirs.push(dir);
  const nobody = { uid: 65534, gids: [65534] };
  const logs = path.join(dir, 'logs');
  mkdirSync(logs, { mode: 0o755 });
  chmodSync(dir, 0o755);
  assert.deepEqual((await canWriteFile(nobody, path.join(logs, 'a.log'))).reason, 'no-write');
  chownSync(logs, 65534, 65534);
  assert.equal((await canWriteFile(nobody, path.join(logs, 'a.log'))).ok, true);
  writeFileSync(path.join(logs, 'b.log'), '');
  chmodSync(path.join(logs, 'b.log'), 0o644);
  assert.equal((await canWriteFile(nobody, path.join(logs, 'b.log'))).reason, 'no-write');
  chmodSync(logs, 0o700);
  chownSync(logs, 0, 0);
  const blocked = await canEnterDirectory(nobody, path.join(logs));
  assert.deepEqual([blocked.ok, blocked.reason, blocked.blockedAt], [false, 'no-search', logs]);
  assert.equal((await canWriteFile(nobody, path.join(dir, 'missing/x.log'))).reason, 'missing');
});

test('findTcpListeners and findUnixListeners find this very process', async (t) => {
  const dir = makeTempDir('lst');
  dirs.push(dir);
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sockPath = path.join(dir, 's.sock');
  const unixServer = net.createServer();
  await new Promise<void>((resolve) => unixServer.listen(sockPath, resolve));
  t.after(() => {
    server.close();
    unixServer.close();
  });
  const port = (server.address() as net.AddressInfo).port;
  const listeners = findTcpListeners(port);
  assert.ok(listeners.some((l) => l.pid === process.pid && l.address === '127.0.0.1' && l.uid === process.getuid!()), JSON.stringify(listeners));
  assert.ok(findUnixListeners(sockPath).some((l) => l.pid === process.pid));
  assert.equal(await probeUnixSocket(sockPath), 'listening');
  assert.equal(await probeUnixSocket(path.join(dir, 'none.sock')), 'missing');
  writeFileSync(path.join(dir, 'plain'), '');
  assert.notEqual(await probeUnixSocket(path.join(dir, 'plain')), 'listening');
});
