import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureSplitter, prefixAtEnd } from '../../../../src/daemon/events/capture-mode.js';

const B = '<!--XSUPERVISOR:BEGIN-->';
const E = '<!--XSUPERVISOR:END-->';

function split(chunks: string[], maxBytes = 1000): string[] {
  const splitter = new CaptureSplitter(maxBytes);
  return chunks.flatMap((chunk) =>
    splitter.feed(Buffer.from(chunk)).map((effect) => (effect.kind === 'communication' ? `comm:${effect.data}` : `${effect.captured ? 'cap' : 'log'}:${effect.data}`)),
  );
}

test('capture mode splits output at the tokens as Supervisor does', () => {
  const table: [string, string[], number, string[]][] = [
    ['plain output longer than a token', ['x'.repeat(30)], 1000, [`log:${'x'.repeat(30)}`]],
    ['short output waits for more', ['short\n'], 1000, []],
    ['short output goes once more arrives', ['short\n', 'y'.repeat(24)], 1000, [`log:short\n${'y'.repeat(24)}`]],
    ['one capture in one chunk', [`before${B}secret${E}after-after-after-after-after`], 1000, ['log:before', 'cap:secret', 'comm:secret', 'log:after-after-after-after-after']],
    ['a tail shorter than the next token stays buffered', [`${B}secret${E}tail`], 1000, ['cap:secret', 'comm:secret']],
    ['token split across chunks', [`before-before-before-before<!--XSUPER`, `VISOR:BEGIN-->data${E}${'z'.repeat(25)}`], 1000, ['log:before-before-before-before', 'cap:data', 'comm:data', `log:${'z'.repeat(25)}`]],
    ['the bound drops as many old bytes as a write brings', [`${B}aaaaaaaaaaaaaaaaaaaaaaaaa`, `bbbbbbbbbbbbbbbbbbbbbbbbb${E}`, 'q'.repeat(25)], 30, [
      'cap:aaaaaaaaaaaaaaaaaaaaaaaaa', 'cap:bbbbbbbbbbbbbbbbbbbbbbbbb', 'comm:bbbbbbbbbbbbbbbbbbbbbbbbb', `log:${'q'.repeat(25)}`,
    ]],
  ];
  for (const [what, chunks, maxBytes, expected] of table) assert.deepEqual(split(chunks, maxBytes), expected, what);
});

test('prefixAtEnd finds the longest proper token prefix ending the data', () => {
  assert.equal(prefixAtEnd(Buffer.from('abc<!--X'), Buffer.from(B)), 5);
  assert.equal(prefixAtEnd(Buffer.from('abc'), Buffer.from(B)), 0);
  assert.equal(prefixAtEnd(Buffer.from(B), Buffer.from(B)), 0);
});
