import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dictOfKeyValuePairs } from '../../../src/config/environment-pairs.js';

const ok: [string, Record<string, string>][] = [
  ['A=1,B=2', { A: '1', B: '2' }],
  ['A="a b",B=\'c,d\'', { A: 'a b', B: 'c,d' }],
  ['A = 1 , B = 2 ,', { A: '1', B: '2' }],
  ['A=1;B=2', { A: '1', B: '2' }],
  ['A=x#y,B=2', { A: 'x' }],
  ['A="it\\"s"', { A: 'it\\' }],
  ['A.B=1,PATH=/usr/bin:/bin', { 'A.B': '1', PATH: '/usr/bin:/bin' }],
  ['', {}],
  ['A=a b', { A: 'a' }], // any single token separates pairs
];
for (const [text, expected] of ok) {
  test(`environment ${text}`, () => assert.deepEqual(Object.fromEntries(dictOfKeyValuePairs(text)), expected));
}

for (const bad of ['A=a b c', 'A=x#c\nB=2', 'A=1\n#c\nB=2', 'A=,B=2', 'A=b=c', 'A=x@y']) {
  test(`environment rejects ${bad}`, () => assert.throws(() => dictOfKeyValuePairs(bad), /Unexpected end of key\/value pairs/));
}
test('environment: unclosed quote', () => assert.throws(() => dictOfKeyValuePairs('A="x'), /No closing quotation/));
