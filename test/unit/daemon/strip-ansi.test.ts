import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stripAnsiEscapes } from '../../../src/daemon/strip-ansi.js';

test('stripAnsiEscapes removes ESC[ … terminator sequences like Supervisor stripEscapes', () => {
  const cases: [string, string][] = [
    ['plain text\n', 'plain text\n'],
    ['\x1b[31mred\x1b[0m done', 'red done'],
    ['a\x1b[2Jb\x1b[1;1Hc', 'abc'],
    ['lone \x1b escape', 'lone \x1b escape'],
  ];
  for (const [input, output] of cases) assert.equal(stripAnsiEscapes(Buffer.from(input)).toString(), output, JSON.stringify(input));
});
