import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shlexSplit, ShlexError } from '../../../src/shell/shlex-split.js';
import { pythonRepr } from '../../../src/protocol/python-repr.js';

test('shlexSplit follows Python shlex.split (POSIX) on common commands', () => {
  const cases: [string, string[]][] = [
    ['sleep 10', ['sleep', '10']],
    ['  a   b\tc\n', ['a', 'b', 'c']],
    [`sh -c "echo hi; exit 3"`, ['sh', '-c', 'echo hi; exit 3']],
    [`echo 'a "b" c'`, ['echo', 'a "b" c']],
    [`echo "a \\"b\\" \\\\ \\n"`, ['echo', 'a "b" \\ \\n']],
    ['a\\ b c', ['a b', 'c']],
    [`x""y ''`, ['xy', '']],
    ['echo $HOME > out # not a comment', ['echo', '$HOME', '>', 'out', '#', 'not', 'a', 'comment']],
    ['', []],
  ];
  for (const [input, expected] of cases) assert.deepEqual(shlexSplit(input), expected, input);
});

test('shlexSplit raises Python error texts', () => {
  assert.throws(() => shlexSplit('echo "abc'), (e: unknown) => e instanceof ShlexError && e.message === 'No closing quotation');
  assert.throws(() => shlexSplit("echo 'abc"), /No closing quotation/);
  assert.throws(() => shlexSplit('echo abc\\'), /No escaped character/);
});

test('pythonRepr quotes like Python repr()', () => {
  assert.equal(pythonRepr('abc'), "'abc'");
  assert.equal(pythonRepr("it's"), `"it's"`);
  assert.equal(pythonRepr(`it's "x"`), `'it\\'s "x"'`);
  assert.equal(pythonRepr('a\\b\n'), "'a\\\\b\\n'");
});
