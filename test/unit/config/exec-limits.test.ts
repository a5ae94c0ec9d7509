import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  checkCommandWords,
  checkEnvironmentStrings,
  checkExecTotal,
  checkNoNulByte,
  execArgSpace,
  execStringBytes,
  MAX_ARG_STRLEN,
} from '../../../src/config/exec-limits.js';
import { ConfigValueError } from '../../../src/config/datatypes.js';
import { loadSupervisorConfigSync } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dir = makeTempDir('svwexec');
after(() => removeTempDir(dir));
const env = { HOME: '/root', PATH: '/usr/bin:/bin' };
const longest = MAX_ARG_STRLEN - 1; // bytes of KEY=value the kernel still takes (its NUL makes 131072)

test('a NUL byte is refused with its position', () => {
  assert.doesNotThrow(() => checkNoNulByte('plain value'));
  assert.throws(() => checkNoNulByte('ab\0c'), (e: unknown) => e instanceof ConfigValueError && /NUL byte \(\\x00\) at character 3/.test(e.message));
});

const envCases: [string, Record<string, string>, boolean][] = [
  ['exactly the longest KEY=value', { K: 'x'.repeat(longest - 2) }, true],
  ['one byte more', { K: 'x'.repeat(longest - 1) }, false],
  ['multi-byte characters count as bytes', { K: 'é'.repeat(Math.ceil(longest / 2)) }, false],
  ['many small variables', Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`V${i}`, 'y'.repeat(1000)])), true],
];
for (const [name, environment, ok] of envCases) {
  test(`environment strings: ${name}`, () => {
    if (ok) assert.doesNotThrow(() => checkEnvironmentStrings(environment));
    else assert.throws(() => checkEnvironmentStrings(environment), /environment variable K is \d+ bytes; Linux refuses .* longer than 131071 bytes \(execve fails with E2BIG\)/);
  });
}

const commandCases: [string, string, boolean][] = [
  ['one word at the limit', `/bin/echo ${'a'.repeat(longest)}`, true],
  ['one word over it', `/bin/echo ${'a'.repeat(longest + 1)}`, false],
  ['two long words, each under it', `/bin/echo ${'a'.repeat(100000)} ${'b'.repeat(100000)}`, true],
  ['a quoted run is not judged (quotes change the word)', `/bin/echo "${'a'.repeat(70000)}"${'b'.repeat(70000)}`, true],
];
for (const [name, command, ok] of commandCases) {
  test(`command words: ${name}`, () => {
    if (ok) assert.doesNotThrow(() => checkCommandWords(command));
    else assert.throws(() => checkCommandWords(command), /a word of the command \(a{20}…\) is 131072 bytes/);
  });
}

test('arg space follows the kernel rule: a quarter of the stack limit, between 128 KiB and 6 MiB', () => {
  assert.equal(execArgSpace(8 * 1024 * 1024), 2 * 1024 * 1024);
  assert.equal(execArgSpace(null), 6 * 1024 * 1024);
  assert.equal(execArgSpace(64 * 1024 * 1024), 6 * 1024 * 1024);
  assert.equal(execArgSpace(100 * 1024), 128 * 1024);
});

test('the total counts every string, its NUL and its pointer', () => {
  assert.equal(execStringBytes(['ab', '']), 3 + 8 + 1 + 8);
  const environment = { A: 'x'.repeat(70000), B: 'y'.repeat(70000) };
  assert.doesNotThrow(() => checkExecTotal({ environment, command: '/bin/true', inheritedBytes: 0, space: 2 * 1024 * 1024 }));
  assert.throws(
    () => checkExecTotal({ environment, command: '/bin/true', inheritedBytes: 0, space: 128 * 1024 }),
    /command and environment come to about \d+ bytes \(0 of them inherited .*\); Linux takes at most 131072 bytes/,
  );
});

function load(name: string, text: string, execArgSpace?: number): () => unknown {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return () => loadSupervisorConfigSync(file, { env, hostname: 'h', execArgSpace });
}

function configError(file: string, line: number, section: string, key: string, what: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof ConfigError, String(e));
    assert.deepEqual([e.position, e.section, e.key], [{ file: path.join(dir, file), line }, section, key]);
    assert.match(e.message, what);
    assert.match(e.message, /\(valid: /);
    return true;
  };
}

test('load: a NUL byte in any value is refused at its line and key', () => {
  for (const [key, value] of [['command', '/bin/echo a\0b'], ['directory', '/tmp\0x'], ['environment', 'K="a\0b"'], ['stdout_logfile', '/tmp/a\0.log']]) {
    const text = `[supervisord]\n\n[program:a]\n${key === 'command' ? '' : 'command=/bin/true\n'}${key}=${value}\n`;
    assert.throws(load('nul.conf', text), configError('nul.conf', key === 'command' ? 4 : 5, 'program:a', key, /NUL byte/));
  }
  assert.throws(load('nul-main.conf', '[supervisord]\nidentifier=a\0b\n'), configError('nul-main.conf', 2, 'supervisord', 'identifier', /NUL byte/));
});

test('load: an environment string over MAX_ARG_STRLEN names the section that set it', () => {
  const big = 'x'.repeat(MAX_ARG_STRLEN);
  assert.throws(load('big.conf', `[supervisord]\n\n[program:a]\ncommand=/bin/true\nenvironment=K="${big}"\n`), configError('big.conf', 5, 'program:a', 'environment', /variable K is 131074 bytes/));
  assert.throws(
    load('big-main.conf', `[supervisord]\nenvironment=G="${big}"\n\n[program:a]\ncommand=/bin/true\n`),
    configError('big-main.conf', 2, 'supervisord', 'environment', /variable G is 131074 bytes/),
  );
  assert.doesNotThrow(load('fits.conf', `[supervisord]\n\n[program:a]\ncommand=/bin/true\nenvironment=K="${'x'.repeat(longest - 2)}"\n`));
});

test('load: a command + environment total over the arg space is refused at environment (else command)', () => {
  const env100k = Array.from({ length: 3 }, (_, i) => `V${i}="${'v'.repeat(100000)}"`).join(',');
  assert.throws(load('total.conf', `[supervisord]\n\n[program:a]\ncommand=/bin/true\nenvironment=${env100k}\n`, 256 * 1024), configError('total.conf', 5, 'program:a', 'environment', /at most 262144 bytes/));
  assert.doesNotThrow(load('total.conf', `[supervisord]\n\n[program:a]\ncommand=/bin/true\nenvironment=${env100k}\n`, 2 * 1024 * 1024));
  assert.throws(
    load('total-cmd.conf', `[supervisord]\nenvironment=${env100k}\n\n[program:a]\ncommand=/bin/true\n`, 256 * 1024),
    configError('total-cmd.conf', 5, 'program:a', 'command', /come to about/),
  );
});
