/** The opt-in wait for network-online.target: a flag of init and service install, kept across re-runs. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { makeTargetRoot, removeTempDir } from '../../helpers/temp.js';
import { runSvwiz } from '../../helpers/wizard-cli.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeTempDir));

function systemdRoot(): string {
  const root = makeTargetRoot('wznet');
  dirs.push(root);
  mkdirSync(path.join(root, 'sbin'));
  symlinkSync('/lib/systemd/systemd', path.join(root, 'sbin/init'));
  return root;
}

test('init --network-online writes After= and Wants=network-online.target; a re-run keeps it, --no-network-online drops it', async () => {
  const root = systemdRoot();
  const env = { SVWIZ_BACKUP_DIR: path.join(root, 'backups') };
  const unitFile = path.join(root, 'etc/systemd/system/svwiz.service');
  const first = await runSvwiz(['init', '--root', root, '--yes', '--no-web', '--network-online'], { env });
  assert.equal(first.code, 0, first.stdout + first.stderr);
  const unit = readFileSync(unitFile, 'utf8');
  assert.match(unit, /^After=network\.target network-online\.target$/m);
  assert.match(unit, /^Wants=network-online\.target$/m);
  assert.match(unit, /^Type=exec$/m);
  assert.match(unit, /^Documentation=man:svwizd\(8\) man:svwiz\(1\)$/m);
  assert.match(unit, /^TimeoutStopSec=\d+$/m);

  const again = await runSvwiz(['init', '--root', root, '--yes', '--no-web'], { env });
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.match(again.stdout, /Nothing to change/, 'the recorded answer is the default of a re-run');

  const reinstall = await runSvwiz(['service', 'install', '--root', root, '--yes', '--overwrite'], { env });
  assert.equal(reinstall.code, 0, reinstall.stdout + reinstall.stderr);
  assert.match(readFileSync(unitFile, 'utf8'), /^Wants=network-online\.target$/m, 'service install keeps the recorded choice');

  const off = await runSvwiz(['service', 'install', '--root', root, '--yes', '--overwrite', '--no-network-online'], { env });
  assert.equal(off.code, 0, off.stdout + off.stderr);
  assert.doesNotMatch(readFileSync(unitFile, 'utf8'), /network-online/);
});
