/**
 * Why src/config reads and writes INI itself: the `ini` package (a dependency, used elsewhere)
 * is run over our Supervisor-dialect fixtures and must disagree exactly where the dialect has its
 * quirks. If a future `ini` ever reads these faithfully, this test fails and the choice should be
 * revisited.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ini from 'ini';
import { IniStore, parseIniDialect } from '../../../src/config/ini-dialect.js';
import { REPO_ROOT } from '../../helpers/config-oracle.js';

const FIXTURES = path.join(REPO_ROOT, 'fixtures/configs');

function agrees(name: string): boolean {
  const file = path.join(FIXTURES, name, 'supervisord.conf');
  const text = readFileSync(file, 'utf8');
  const store = new IniStore();
  store.merge(parseIniDialect(text, file));
  const parsed = ini.parse(text) as Record<string, Record<string, unknown>>;
  for (const [section, stored] of store.sections) {
    for (const [key, value] of stored.keys) if (parsed[section]?.[key] !== value.value) return false;
  }
  return true;
}

for (const quirk of ['valid-colon-delimiter', 'valid-continuation', 'valid-key-case', 'valid-inline-comments', 'valid-environment-quirks', 'valid-booleans']) {
  test(`the ini package misreads ${quirk}`, () => assert.equal(agrees(quirk), false));
}

test('the ini package agrees on plain files (so the comparison itself is sound)', () => {
  const plain = readdirSync(FIXTURES).filter((name) => ['valid-minimal', 'valid-numprocs', 'valid-group'].includes(name));
  assert.equal(plain.length, 3);
  for (const name of plain) assert.equal(agrees(name), true, name);
});
