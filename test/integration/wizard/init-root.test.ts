/** `svwiz init` and `svwiz service` with --root: files, idempotence, dry-run, overwrite safety, uninstall by manifest. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, symlinkSync, lstatSync, mkdirSync, readFileSync, readlinkSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { runSvwiz, snapshotTree } from '../../helpers/wizard-cli.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeTempDir));

function targetRoot(kind: 'sysv' | 'systemd'): string {
  const root = makeTempDir('wzr');
  dirs.push(root);
  mkdirSync(path.join(root, 'etc/init.d'), { recursive: true });
  mkdirSync(path.join(root, 'sbin'));
  copyFileSync('/etc/passwd', path.join(root, 'etc/passwd'));
  copyFileSync('/etc/group', path.join(root, 'etc/group'));
  if (kind === 'systemd') symlinkSync('/lib/systemd/systemd', path.join(root, 'sbin/init'));
  // The target's own binaries (stubs: under --root nothing is executed, only resolved with which).
  mkdirSync(path.join(root, 'usr/bin'), { recursive: true });
  for (const name of ['supervisord', 'supervisorctl', 'myapp']) {
    writeFileSync(path.join(root, 'usr/bin', name), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(root, 'usr/bin', name), 0o755);
  }
  mkdirSync(path.join(root, 'bin'));
  writeFileSync(path.join(root, 'bin/sh'), '');
  chmodSync(path.join(root, 'bin/sh'), 0o755);
  return root;
}

const env = (root: string) => ({ SVWIZ_BACKUP_DIR: path.join(root, 'backups') });

test('init --root --yes writes a complete setup for a SysV target and a re-run changes nothing', async () => {
  const root = targetRoot('sysv');
  const first = await runSvwiz(['init', '--root', root, '--yes'], { env: env(root) });
  assert.equal(first.code, 0, first.stdout + first.stderr);
  assert.match(first.stdout, /Init system: sysv/);
  const conf = readFileSync(path.join(root, 'etc/supervisord.conf'), 'utf8');
  assert.match(conf, /^files=\/etc\/svwiz\/conf\.d\/\*\.ini \/etc\/svwiz\/conf\.d\/\*\.conf$/m);
  assert.match(conf, /^file=\/run\/svwiz\.sock$/m);
  assert.match(conf, /^password=\{SHA\}[0-9a-f]{40}$/m);
  assert.equal(statSync(path.join(root, 'etc/supervisord.conf')).mode & 0o777, 0o600);
  assert.ok(statSync(path.join(root, 'etc/svwiz/conf.d')).isDirectory());
  assert.ok(statSync(path.join(root, 'var/log/svwiz')).isDirectory());
  const script = readFileSync(path.join(root, 'etc/init.d/svwiz'), 'utf8');
  assert.match(script, /^### BEGIN INIT INFO$/m);
  assert.equal(statSync(path.join(root, 'etc/init.d/svwiz')).mode & 0o777, 0o755);
  assert.equal(readlinkSync(path.join(root, 'etc/rc2.d/S01svwiz')), '../init.d/svwiz');
  assert.equal(readlinkSync(path.join(root, 'etc/rc0.d/K01svwiz')), '../init.d/svwiz');
  const password = /password: (\S+)/.exec(first.stdout)?.[1];
  assert.ok(password, 'the generated password is shown once');
  assert.ok(!conf.includes(password!), 'and not stored in clear');

  const before = snapshotTree(root);
  const again = await runSvwiz(['init', '--root', root, '--yes'], { env: env(root) });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /Nothing to change/);
  assert.deepEqual(snapshotTree(root), before);

  const dry = await runSvwiz(['init', '--root', root, '--yes', '--web-host', '0.0.0.0', '--dry-run'], { env: env(root) });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^-port=127\.0\.0\.1:\d+$/m);
  assert.match(dry.stdout, /^\+port=0\.0\.0\.0:\d+$/m);
  assert.deepEqual(snapshotTree(root), before, '--dry-run changed nothing');

  const uninstall = await runSvwiz(['service', 'uninstall', '--root', root], { env: env(root) });
  assert.equal(uninstall.code, 0, uninstall.stdout + uninstall.stderr);
  assert.ok(!existsSync(path.join(root, 'etc/init.d/svwiz')));
  for (const level of ['0', '1', '2', '3', '4', '5', '6']) {
    const dir = path.join(root, `etc/rc${level}.d`);
    assert.deepEqual(existsSync(dir) ? readdirSync(dir) : [], [], `no rc${level}.d link is left`);
  }
  assert.ok(!existsSync(path.join(root, 'var/lib/svwiz/service-manifest.json')));
  assert.ok(existsSync(path.join(root, 'etc/supervisord.conf')), 'uninstalling the service keeps the config');
});

test('systemd target: unit and enable link, reversed exactly by uninstall', async () => {
  const root = targetRoot('systemd');
  const install = await runSvwiz(['init', '--root', root, '--yes', '--backend', 'supervisord', '--no-web'], { env: { ...env(root), PATH: '/usr/bin:/bin' } });
  assert.equal(install.code, 0, install.stdout + install.stderr);
  assert.match(install.stdout, /Init system: systemd/);
  const unit = readFileSync(path.join(root, 'etc/systemd/system/svwiz.service'), 'utf8');
  assert.match(unit, /^ExecStart=\/usr\/bin\/supervisord -n -c \/etc\/supervisord\.conf$/m);
  assert.match(unit, /^Type=exec$/m);
  assert.doesNotMatch(unit, /network-online/);
  assert.ok(lstatSync(path.join(root, 'etc/systemd/system/multi-user.target.wants/svwiz.service')).isSymbolicLink());
  const status = await runSvwiz(['service', 'status', '--root', root, '--json'], { env: env(root) });
  assert.equal(JSON.parse(status.stdout).spec.kind, 'systemd');
  const uninstall = await runSvwiz(['service', 'uninstall', '--root', root], { env: env(root) });
  assert.equal(uninstall.code, 0, uninstall.stdout + uninstall.stderr);
  assert.ok(!existsSync(path.join(root, 'etc/systemd/system/svwiz.service')));
  assert.ok(!existsSync(path.join(root, 'etc/systemd/system/multi-user.target.wants/svwiz.service')));
  const after = await runSvwiz(['service', 'status', '--root', root], { env: env(root) });
  assert.equal(after.code, 3);
});

test("someone else's config is never overwritten silently: refused without --overwrite, backed up with it", async () => {
  const root = targetRoot('sysv');
  const theirs = '[supervisord]\nlogfile=/tmp/supervisord.log\n\n[include]\nfiles = /etc/supervisor/conf.d/*.ini\n';
  writeFileSync(path.join(root, 'etc/supervisord.conf'), theirs);
  const refused = await runSvwiz(['init', '--root', root, '--yes', '--service', 'none'], { env: env(root) });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--overwrite/);
  assert.match(refused.stdout, /^-files = \/etc\/supervisor\/conf\.d\/\*\.ini$/m, 'the diff is shown');
  assert.equal(readFileSync(path.join(root, 'etc/supervisord.conf'), 'utf8'), theirs);
  assert.ok(!existsSync(path.join(root, 'etc/svwiz')), 'nothing else was written either');

  const replaced = await runSvwiz(['init', '--root', root, '--yes', '--service', 'none', '--overwrite'], { env: env(root) });
  assert.equal(replaced.code, 0, replaced.stderr);
  const backup = /backup: (\S+)\)/.exec(replaced.stdout)?.[1];
  assert.ok(backup, replaced.stdout);
  assert.equal(readFileSync(backup!, 'utf8'), theirs);
  assert.match(readFileSync(path.join(root, 'etc/supervisord.conf'), 'utf8'), /Written by svwiz init/);
});

test('missing answers without a terminal fail naming the flag', async () => {
  const root = targetRoot('sysv');
  const result = await runSvwiz(['add-program', 'x', '--root', root, '--yes'], { env: env(root) });
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /svwiz init|-c FILE/);
  await runSvwiz(['init', '--root', root, '--yes', '--service', 'none'], { env: env(root) });
  const noCommand = await runSvwiz(['add-program', 'x', '--root', root], { env: env(root) });
  assert.equal(noCommand.code, 2);
  assert.match(noCommand.stderr, /pass --command/);
  const added = await runSvwiz(['add-program', 'x', '--root', root, '--command', '/usr/bin/myapp --serve', '--yes'], { env: env(root) });
  assert.equal(added.code, 0, added.stdout + added.stderr);
  assert.match(readFileSync(path.join(root, 'etc/svwiz/conf.d/x.ini'), 'utf8'), /^command=\/usr\/bin\/myapp --serve$/m);
  const removed = await runSvwiz(['remove-program', 'x', '--root', root, '--yes'], { env: env(root) });
  assert.equal(removed.code, 0, removed.stdout + removed.stderr);
  assert.ok(!existsSync(path.join(root, 'etc/svwiz/conf.d/x.ini')));
});

test('user mode: everything under ~/.config/svwiz and a systemd --user unit', async () => {
  const root = targetRoot('systemd');
  const result = await runSvwiz(['init', '--root', root, '--yes', '--mode', 'user', '--no-web'], { env: { ...env(root), HOME: '/home/pi', XDG_RUNTIME_DIR: '' } });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const base = path.join(root, 'home/pi/.config/svwiz');
  const conf = readFileSync(path.join(base, 'supervisord.conf'), 'utf8');
  assert.match(conf, /^file=\/home\/pi\/\.config\/svwiz\/run\/svwiz\.sock$/m);
  assert.doesNotMatch(conf, /^user=/m);
  const unit = readFileSync(path.join(root, 'home/pi/.config/systemd/user/svwiz.service'), 'utf8');
  assert.match(unit, /^WantedBy=default\.target$/m);
  assert.match(unit, /-n -c \/home\/pi\/\.config\/svwiz\/supervisord\.conf$/m);
  assert.ok(lstatSync(path.join(root, 'home/pi/.config/systemd/user/default.target.wants/svwiz.service')).isSymbolicLink());
  assert.match(result.stdout, /loginctl enable-linger/);
  assert.ok(existsSync(path.join(base, 'service-manifest.json')));
});
