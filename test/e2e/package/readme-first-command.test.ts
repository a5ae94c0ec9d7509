/**
 * The README's first command, run as written in a fresh clone: it must build, put the three bins
 * on PATH and run `svwiz init --yes`. Only two things differ from a user's run: npm's global
 * prefix is a temp dir (npm_config_prefix), and init writes into a --root tree, not this machine.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { REPO } from '../../helpers/wizard-cli.js';

const dir = makeTempDir('readme');
after(() => removeTempDir(dir));

test("the README's first command installs the checkout globally and runs svwiz init --yes", () => {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const block = /^```sh\n([^\n]+)\n([^\n]+)\n```$/m.exec(readme);
  assert.ok(block, 'the README starts with a block of exactly two commands');
  const [, first, second] = block;
  assert.equal(second, 'bash .ci/run');
  assert.match(first, / && svwiz init --yes$/, 'the first command ends by running init');

  const clone = path.join(dir, 'clone');
  assert.equal(spawnSync('git', ['clone', '--quiet', REPO, clone]).status, 0);
  const prefix = path.join(dir, 'prefix');
  const root = path.join(dir, 'target');
  mkdirSync(path.join(root, 'etc'), { recursive: true });
  writeFileSync(path.join(root, 'etc/passwd'), readFileSync('/etc/passwd'));
  writeFileSync(path.join(root, 'etc/group'), readFileSync('/etc/group'));
  const command = `${first} --root ${root} --no-start --no-doctor`;
  const r = spawnSync('bash', ['-euo', 'pipefail', '-c', command], {
    cwd: clone,
    encoding: 'utf8',
    timeout: 540_000,
    env: { ...process.env, npm_config_prefix: prefix, PATH: `${prefix}/bin:${path.dirname(process.execPath)}:/usr/bin:/bin`, NO_COLOR: '1' },
  });
  assert.equal(r.status, 0, `${command}\n${r.stdout}\n${r.stderr}`);
  for (const name of ['svwiz', 'svwizd', 'svwizctl']) {
    assert.ok(realpathSync(path.join(prefix, 'bin', name)).startsWith(realpathSync(path.join(prefix, 'lib/node_modules/svwiz'))), `${name} is on PATH from the global install`);
  }
  assert.match(r.stdout, /Next:\n\s+svwiz add-program NAME/);
  // As root init sets up system mode; as anyone else, user mode in their home.
  const home = os.userInfo().homedir;
  const config = process.getuid!() === 0 ? 'etc/supervisord.conf' : path.join(home, '.config/svwiz/supervisord.conf');
  assert.ok(existsSync(path.join(root, config)), `init wrote ${config}`);
});
