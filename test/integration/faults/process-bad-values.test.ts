/**
 * Values the kernel refuses (a NUL byte, a KEY=value over MAX_ARG_STRLEN) stop svwizd at start-up
 * with exit 2 and file:line, section and key, instead of a spawnerr at every start attempt.
 * And `-?`, which supervisord takes as `-h`, is no usage error.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_ARG_STRLEN } from '../../../src/config/exec-limits.js';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import { SVWIZD_BIN } from '../../helpers/svwizd-daemon.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const root = makeTempDir('svw-badval');
after(() => removeTempDir(root));

const cases: [string, string, RegExp][] = [
  ['nul-env', 'environment=K="a\0b"', /NUL byte \(\\x00\) at character 5/],
  ['nul-command', '', /NUL byte/],
  ['big-env', `environment=K="${'x'.repeat(MAX_ARG_STRLEN)}"`, /environment variable K is 131074 bytes.*E2BIG/],
];

for (const [name, extra, problem] of cases) {
  test(`svwizd refuses a config with ${name} at load: exit 2, file:line and key`, () => {
    const dir = path.join(root, name);
    mkdirSync(dir);
    const command = name === 'nul-command' ? '/bin/echo a\0b' : '/bin/sleep 30';
    const file = path.join(dir, 'svwizd.conf');
    const text = daemonConfigText(dir, `[program:a]\ncommand=${command}\n${extra}\n`);
    writeFileSync(file, text);
    const key = name === 'nul-command' ? 'command' : 'environment';
    const line = text.split('\n').findIndex((l) => l.startsWith(`${key}=`)) + 1;
    const result = spawnSync(process.execPath, [SVWIZD_BIN, '-n', '-c', file], { encoding: 'utf8', timeout: 30000 });
    assert.equal(result.status, 2, result.stderr);
    assert.ok(result.stderr.includes(`${file}:${line}: [program:a] ${key}: `), result.stderr.slice(0, 500));
    assert.match(result.stderr, problem);
    assert.match(result.stderr, /\(valid: /);
    assert.equal(existsSync(path.join(dir, 'd.pid')), false, 'no daemon started');
    assert.equal(existsSync(path.join(dir, 's.sock')), false, 'no socket left');
  });
}

test('svwizd -? prints the usage and exits 0, as supervisord -? does', () => {
  for (const bin of [[process.execPath, SVWIZD_BIN], ['/usr/bin/supervisord']]) {
    const result = spawnSync(bin[0]!, [...bin.slice(1), '-?'], { encoding: 'utf8', timeout: 30000 });
    assert.equal(result.status, 0, `${bin.join(' ')}: ${result.stderr}`);
    assert.match(result.stdout, /^-c\/--configuration FILE(NAME)? -- configuration file path/m);
  }
});
