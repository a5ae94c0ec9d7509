/** One verdict on "this command needs a shell" for the wizard and the doctor's `command` check. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectShellSyntax } from '../../../src/shell/shell-syntax.js';
import { shellQuote, wrapInShell } from '../../../src/shell/quote.js';
import { shlexSplit } from '../../../src/shell/shlex-split.js';

const first = (command: string) => detectShellSyntax(command)[0]?.token;

test('what sh would act on and Supervisor passes literally (the cases the doctor used to pass)', () => {
  const table: [string, string | undefined][] = [
    ['python3 app.py; echo done', ';'],
    ['ls *.csv', '*'],
    ['a>b', '>'],
    // The doctor's former table, now answered by the one detector:
    ['python3 app.py > /tmp/x', '>'],
    ['sh a | b', '|'],
    ['app $HOME/x', '$VAR'],
    ['app 2>&1', '>'],
    ['app ~/data', '~'],
    ['app --level=$(cat f)', '$('],
    ['app --price 5$', undefined],
    // sh reads `a&b` as "a &" then "b"; Supervisor hands over one word "a&b" (the doctor said nothing).
    ['app -x a&b', '&'],
    ["app 'a&b' \"x > y\" c\\;d", undefined],
  ];
  for (const [command, expected] of table) assert.equal(first(command), expected, command);
});

test('Supervisor really passes these literally: shlex keeps the operator inside the words', () => {
  assert.deepEqual(shlexSplit('python3 app.py; echo done'), ['python3', 'app.py;', 'echo', 'done']);
  assert.deepEqual(shlexSplit('a>b'), ['a>b']);
  assert.deepEqual(shlexSplit('ls *.csv'), ['ls', '*.csv']);
});

test('one quoting rule: shlex gives back exactly what was quoted', () => {
  for (const value of ['plain/path', '', "it's", 'a b', '$HOME', 'x\ny', "'"]) {
    assert.deepEqual(shlexSplit(shellQuote(value)), [value], JSON.stringify(value));
  }
  assert.equal(shellQuote('/usr/bin/node'), '/usr/bin/node');
  assert.equal(shellQuote(''), "''");
  const command = "echo 'x' && y";
  assert.deepEqual(shlexSplit(wrapInShell(command)), ['/bin/sh', '-c', command]);
});
