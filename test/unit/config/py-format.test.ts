import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PyFormatError, PyKeyError, pyFormat, pyRepr } from '../../../src/config/py-format.js';

const mapping = new Map<string, string | number>([['a', 'x'], ['n', 3]]);

const ok: [string, string][] = [
  ['%(a)s', 'x'],
  ['%(n)02d', '03'],
  ['%(n)05.2f', '03.00'],
  ['%(n)#x', '0x3'],
  ['%(n)+d', '+3'],
  ['%(n)-4d|', '3   |'],
  ['%(a)10s|', '         x|'],
  ['%(a)r', "'x'"],
  ['100%%', '100%'],
  ['%s', "{'a': 'x', 'n': 3}"],
  ['%(n)e', '3.000000e+00'],
  ['%(n)g', '3'],
];
for (const [format, expected] of ok) {
  test(`pyFormat ${format}`, () => assert.equal(pyFormat(format, mapping), expected));
}

const errors: [string, string][] = [
  ['100%', 'incomplete format'],
  ['%(a', 'incomplete format key'],
  ['%q', "unsupported format character 'q' (0x71) at index 1"],
  ['%(a)d', '%d format: a real number is required, not str'],
  ['%d', '%d format: a real number is required, not dict'],
  ['%(a)s %s', 'not enough arguments for format string'],
  ['%(a)%', "unsupported format character '%' (0x25) at index 4"],
  ['%(a)s %A', 'not enough arguments for format string'],
  ['%A', "unsupported format character 'A' (0x41) at index 1"],
  ['%5%', "unsupported format character '%' (0x25) at index 2"],
];
for (const [format, message] of errors) {
  test(`pyFormat error ${format}`, () => {
    assert.throws(() => pyFormat(format, mapping), (e: unknown) => e instanceof PyFormatError && e.message === message);
  });
}

test('a missing name is a KeyError', () => {
  assert.throws(() => pyFormat('%(nope)s', mapping), (e: unknown) => e instanceof PyKeyError && e.key === 'nope');
});

test('pyRepr picks quotes and escapes like Python', () => {
  assert.equal(pyRepr("it's"), '"it\'s"');
  assert.equal(pyRepr('a\nb\\'), "'a\\nb\\\\'");
  assert.equal(pyRepr('\x00é'), "'\\x00é'");
});
