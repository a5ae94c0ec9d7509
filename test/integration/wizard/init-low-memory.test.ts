/**
 * Low-memory mode with svwiz installed as npm installs it (bins are symlinks to `#!/usr/bin/env
 * node` bundles): the written unit and SysV script run node with the flag and the real bundle, svwiz
 * doctor still knows them as svwiz's own service, and turning the mode off gives back the bin.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTargetRoot, removeTempDir } from '../../helpers/temp.js';
import { runSvwiz } from '../../helpers/wizard-cli.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeTempDir));

const BUNDLE = '/usr/lib/node_modules/svwiz/bundle/svwizd.js';

/** A target tree with svwiz installed by `npm install -g` (prefix /usr) and, for systemd, systemd as init. */
function npmInstalledRoot(systemd: boolean): string {
  const root = makeTargetRoot('wzlm');
  dirs.push(root);
  if (systemd) {
    mkdirSync(path.join(root, 'sbin'));
    symlinkSync('/lib/systemd/systemd', path.join(root, 'sbin/init'));
  }
  const bundle = path.join(root, path.dirname(BUNDLE));
  mkdirSync(bundle, { recursive: true });
  mkdirSync(path.join(root, 'usr/bin'), { recursive: true });
  for (const name of ['svwizd', 'svwizctl']) {
    writeFileSync(path.join(bundle, `${name}.js`), '#!/usr/bin/env node\n', { mode: 0o755 });
    symlinkSync(`../lib/node_modules/svwiz/bundle/${name}.js`, path.join(root, 'usr/bin', name));
  }
  // Under --root nothing runs: node only has to be an executable file where `env` would find it.
  writeFileSync(path.join(root, 'usr/bin/node'), '', { mode: 0o755 });
  return root;
}

const SERVICE_CHECKS = ['init-script', 'duplicate-boot-service', 'systemd-unit'];

/** The boot-service checks of `svwiz doctor --json`, as [id, status, messages]. */
async function serviceChecks(root: string): Promise<[string, string, string[]][]> {
  const doctor = await runSvwiz(['doctor', '--root', root, '--json'], { env: { PATH: '/usr/bin:/bin' } });
  const report = JSON.parse(doctor.stdout) as { checks: { id: string; status: string; findings?: { message: string }[] }[] };
  return report.checks.filter((check) => SERVICE_CHECKS.includes(check.id)).map((check) => [check.id, check.status, (check.findings ?? []).map((f) => f.message)]);
}

test('systemd: init --low-memory runs node with the flag and the real bundle; doctor accepts it; --no-low-memory gives the bin back', async () => {
  const root = npmInstalledRoot(true);
  const env = { PATH: '/usr/bin:/bin', SVWIZ_BACKUP_DIR: path.join(root, 'backups') };
  const unitFile = path.join(root, 'etc/systemd/system/svwiz.service');
  const init = await runSvwiz(['init', '--root', root, '--yes', '--no-web', '--service', 'systemd', '--low-memory'], { env });
  assert.equal(init.code, 0, init.stdout + init.stderr);
  assert.match(readFileSync(unitFile, 'utf8'), new RegExp(`^ExecStart=/usr/bin/node --max-semi-space-size=1 ${BUNDLE} -n -c /etc/supervisord\\.conf$`, 'm'));
  assert.deepEqual(await serviceChecks(root), [
    ['init-script', 'skipped', []],
    ['duplicate-boot-service', 'ok', []],
    ['systemd-unit', 'ok', []],
  ]);
  const status = await runSvwiz(['service', 'status', '--root', root], { env });
  assert.match(status.stdout, new RegExp(`^DAEMON=/usr/bin/node --max-semi-space-size=1 ${BUNDLE}  config /etc/supervisord\\.conf$`, 'm'));

  const off = await runSvwiz(['service', 'install', '--root', root, '--yes', '--overwrite', '--no-low-memory'], { env });
  assert.equal(off.code, 0, off.stdout + off.stderr);
  assert.match(readFileSync(unitFile, 'utf8'), /^ExecStart=\/usr\/bin\/svwizd -n -c \/etc\/supervisord\.conf$/m);

  const uninstall = await runSvwiz(['service', 'uninstall', '--root', root], { env });
  assert.equal(uninstall.code, 0, uninstall.stdout + uninstall.stderr);
  assert.throws(() => readFileSync(unitFile), /ENOENT/);
});

test('SysV: init --low-memory sets DAEMON to node, DAEMON_SCRIPT to the real bundle and NODE_FLAGS; doctor accepts it', async () => {
  const root = npmInstalledRoot(false);
  const env = { PATH: '/usr/bin:/bin', SVWIZ_BACKUP_DIR: path.join(root, 'backups') };
  const init = await runSvwiz(['init', '--root', root, '--yes', '--no-web', '--service', 'sysv', '--low-memory'], { env });
  assert.equal(init.code, 0, init.stdout + init.stderr);
  const script = readFileSync(path.join(root, 'etc/init.d/svwiz'), 'utf8');
  assert.match(script, /^DAEMON=\/usr\/bin\/node$/m);
  assert.match(script, new RegExp(`^DAEMON_SCRIPT=${BUNDLE}$`, 'm'));
  assert.match(script, /^NODE_FLAGS=--max-semi-space-size=1$/m);
  assert.deepEqual(await serviceChecks(root), [
    ['init-script', 'ok', []],
    ['duplicate-boot-service', 'ok', []],
    ['systemd-unit', 'skipped', []],
  ]);
});
