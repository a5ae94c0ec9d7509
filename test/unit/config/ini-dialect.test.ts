import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IniStore, parseIniDialect } from '../../../src/config/ini-dialect.js';
import { ConfigError } from '../../../src/errors.js';

function valueOf(text: string, section: string, key: string): string | undefined {
  const store = new IniStore();
  store.merge(parseIniDialect(text, '/x.conf'));
  return store.get(section, key)?.value;
}

const cases: [string, string, string | undefined][] = [
  ['[s]\na=b ;c\n', 'a', 'b'],
  ['[s]\na=b;c\n', 'a', 'b;c'],
  ['[s]\na=echo a#b # c\n', 'a', 'echo a#b'],
  ['[s]\na=x;y ;z #w\n', 'a', 'x;y ;z'], // configparser's round-based comment search
  ['[s]\ncommand: /bin/echo x=y\n', 'command', '/bin/echo x=y'],
  ['[s]\nKey = Value\n', 'key', 'Value'],
  ['[s]\na=/bin/echo\n  one\n\n  two\n', 'a', '/bin/echo\none\n\ntwo'],
  ['[s]\na=1\n  ; comment inside\n  two\n', 'a', '1\ntwo'],
  ['[s]\na=1\na=2\n', 'a', '2'],
  ['[s]\na=1\n[t]\n[s]\na=3\n', 'a', '3'],
  ['[DEFAULT]\na=d\n[s]\n', 'a', 'd'],
  ['[s]\na = \n', 'a', ''],
  ['[s]\na=1\n  [t]\n', 'a', '1\n[t]'],
  ['[s]\r\na=1\r\n', 'a', '1'],
];

for (const [text, key, expected] of cases) {
  test(`dialect: ${JSON.stringify(text)} → ${key}=${JSON.stringify(expected)}`, () => {
    assert.equal(valueOf(text, 's', key), expected);
  });
}

test('section names are case-sensitive and kept as written', () => {
  const parsed = parseIniDialect('[Program:x]\ncommand=a\n[ program:y ]\n', '/f');
  assert.deepEqual(parsed.sections.map((s) => s.name), ['Program:x', ' program:y ']);
});

test('every entry carries file and line', () => {
  const parsed = parseIniDialect('; c\n[s]\n\na=1\n  cont\nb=2\n', '/f.conf');
  assert.deepEqual(parsed.sections[0]!.position, { file: '/f.conf', line: 2 });
  assert.deepEqual(parsed.sections[0]!.entries.map((e) => [e.key, e.position.line]), [['a', 4], ['b', 6]]);
});

test('text before the first section is rejected with Supervisor\'s message and line', () => {
  assert.throws(() => parseIniDialect('\nfoo=bar\n[s]\n', '/f.conf'), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /File contains no section headers\.\nfile: '\/f\.conf', line: 2\n'foo=bar\\n'/);
    assert.equal(e.position?.line, 2);
    return true;
  });
});

test('a line without a delimiter is a parsing error naming every bad line', () => {
  assert.throws(() => parseIniDialect('[s]\nbad line\nok=1\nalso bad\n', '/f.conf'), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /Source contains parsing errors: '\/f\.conf'\n\t\[line  2\]: 'bad line\\n'\n\t\[line  4\]: 'also bad\\n'/);
    assert.equal(e.position?.line, 2);
    return true;
  });
});

test('a UTF-8 BOM is not stripped (Python reads it as a character)', () => {
  assert.throws(() => parseIniDialect('\ufeff[s]\n', '/f'), /no section headers/);
});
