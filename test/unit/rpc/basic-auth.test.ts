import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBasicAuth, passwordMatches } from '../../../src/rpc/basic-auth.js';

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

test('plain and {SHA} passwords', () => {
  assert.equal(passwordMatches('secret', 'secret'), true);
  assert.equal(passwordMatches('secret', 'Secret'), false);
  assert.equal(passwordMatches('{SHA}a94a8fe5ccb19ba61c4c0873d391e987982fbbd3', 'test'), true);
  // Uppercase hex never matches, as in Supervisor.
  assert.equal(passwordMatches('{SHA}A94A8FE5CCB19BA61C4C0873D391E987982FBBD3', 'test'), false);
  // The prefix is case-sensitive: "{sha}..." is a plain password.
  assert.equal(passwordMatches('{sha}x', '{sha}x'), true);
});

test('checkBasicAuth outcomes', () => {
  const creds = { username: 'user', password: 'p:ss' };
  const cases: [string | undefined, string][] = [
    [undefined, 'unauthorized'],
    ['', 'unauthorized'],
    [basic('user:p:ss'), 'ok'],
    [basic('user:wrong'), 'unauthorized'],
    [basic('other:p:ss'), 'unauthorized'],
    [basic('user'), 'unauthorized'],
    [`bAsIc ${Buffer.from('user:p:ss').toString('base64')}`, 'ok'],
    ['Bearer abc', 'unauthorized'],
    ['Basic', 'unauthorized'],
    ['Basic abc', 'bad-request'],
    [`Basic ${Buffer.from([0xff, 0xfe, 0x3a]).toString('base64')}`, 'bad-request'],
  ];
  for (const [header, expected] of cases) assert.equal(checkBasicAuth(header, creds), expected, String(header));
});
