/** One {SHA} form for the wizard, the doctor's fix and the RPC servers' check. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { isShaPassword, shaPassword } from '../../../src/protocol/sha-password.js';
import { passwordMatches } from '../../../src/rpc/basic-auth.js';

test('the written form is what Python hashlib writes, and what the server accepts', () => {
  for (const plain of ['test', 'pässwörd', '']) {
    const python = execFileSync('/usr/bin/python3', ['-c', 'import hashlib,sys; print("{SHA}" + hashlib.sha1(sys.argv[1].encode()).hexdigest())', plain], { encoding: 'utf8' }).trim();
    assert.equal(shaPassword(plain), python, plain);
    assert.equal(passwordMatches(shaPassword(plain), plain), true, plain);
    assert.equal(passwordMatches(shaPassword(plain), `${plain}x`), false, plain);
  }
  assert.equal(isShaPassword(shaPassword('x')), true);
  assert.equal(isShaPassword('{sha}abc'), false, 'the prefix is case-sensitive, as in Supervisor');
});
