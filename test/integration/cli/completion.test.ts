/** `svwiz completion bash|zsh` run in a real bash: what Tab offers after each command line. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { SVWIZ } from '../../helpers/wizard-cli.js';

const dir = makeTempDir('compl');
after(() => removeTempDir(dir));

function script(shell: string): string {
  const r = spawnSync(process.execPath, [SVWIZ, 'completion', shell], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const bashScript = path.join(dir, 'svwiz.bash');
writeFileSync(bashScript, script('bash'));

/** What bash's completion function offers for LINE (the cursor at its end). */
function offered(line: string): string[] {
  const words = line.split(' ');
  const fn = words[0] === 'svwizctl' ? '_svwizctl' : '_svwiz';
  const program = `source ${bashScript}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})\nCOMP_CWORD=${words.length - 1}\n${fn}\nprintf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('/bin/bash', ['--norc', '--noprofile', '-c', program], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

test('bash completes commands, subcommands, argument choices and flags from the real command tree', () => {
  assert.deepEqual(offered('svwiz '), ['config', 'sample-config', 'init', 'add-program', 'remove-program', 'service', 'doctor', 'completion', 'supervisors']);
  assert.deepEqual(offered('svwiz se'), ['service']);
  assert.deepEqual(offered('svwiz service '), ['install', 'uninstall', 'status']);
  assert.deepEqual(offered('svwiz service install --ov'), ['--overwrite']);
  assert.deepEqual(offered('svwiz completion '), ['bash', 'zsh']);
  assert.ok(offered('svwiz doctor --').includes('--list-checks'));
  assert.ok(!offered('svwiz doctor --').includes('--configuration'), 'the hidden alias is not offered');
  assert.deepEqual(offered('svwiz doctor -c /etc/supervisord.conf --fi'), ['--fix']);
  assert.deepEqual(offered('svwiz -'), ['--version', '-v', '--help']);
  // A file argument: nothing offered, so bash falls back to file names (-o default).
  assert.deepEqual(offered('svwiz doctor -c '), []);
});

test('bash completes svwizctl actions and flags, and nothing after the action', () => {
  assert.deepEqual(offered('svwizctl st'), ['start', 'status', 'stop']);
  assert.deepEqual(offered('svwizctl -c /etc/supervisord.conf re'), ['reload', 'remove', 'reread', 'restart']);
  assert.ok(offered('svwizctl --').includes('--json'));
  assert.deepEqual(offered('svwizctl status '), []);
});

test('the zsh script loads the same function through bashcompinit, and an unknown shell is a usage error', () => {
  const zsh = script('zsh');
  assert.match(zsh, /^autoload -U \+X bashcompinit && bashcompinit$/m);
  assert.ok(zsh.includes(script('bash').split('\n').slice(2).join('\n')));
  const fish = spawnSync(process.execPath, [SVWIZ, 'completion', 'fish'], { encoding: 'utf8' });
  assert.equal(fish.status, 2);
  assert.match(fish.stderr, /Allowed choices are bash, zsh/);
});
