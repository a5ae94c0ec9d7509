/** The one owner of "who is this account": NSS through getent on the machine, files under --root. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { accountsFor, nssAccounts, runGetent, type GetentRunner } from '../../../src/system/users.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeTempDir));

const getent = (...args: string[]) => execFileSync('getent', args, { encoding: 'utf8' }).trim();

test('on the machine the answers are NSS answers (getent), for names and ids alike', () => {
  const accounts = accountsFor('/');
  assert.equal(accounts.source, 'nss');
  const [name, , uid, gid, , home, shell] = getent('passwd', 'nobody').split(':');
  assert.deepEqual(accounts.user('nobody'), { name, uid: Number(uid), gid: Number(gid), home, shell });
  assert.equal(accounts.user(Number(uid))?.name, 'nobody');
  assert.equal(accounts.user('0')?.name, 'root');
  assert.equal(accounts.user('svwiz-no-such-user'), undefined);
  assert.equal(accounts.user('root:root'), undefined, 'an owner spec is not a user name');
  assert.equal(accounts.group('root')?.gid, 0);
  assert.equal(accounts.group(0)?.name, 'root');
  assert.equal(accounts.group('svwiz-no-such-group'), undefined);
});

test("a user's gids are its primary gid plus what initgroups adds", () => {
  const accounts = accountsFor('/');
  const root = accounts.user('root')!;
  const expected = new Set(execFileSync('id', ['-G', 'root'], { encoding: 'utf8' }).trim().split(/\s+/).map(Number));
  assert.deepEqual(new Set(accounts.groupIdsOf(root)), expected);
  assert.equal(accounts.groupIdsOf(root)[0], root.gid);
});

test('each NSS answer is asked once per Accounts object; a new object asks again', () => {
  const asked: string[] = [];
  const counting: GetentRunner = (database, key) => {
    asked.push(`${database} ${key}`);
    return runGetent(database, key);
  };
  const accounts = nssAccounts(counting);
  accounts.user('root');
  accounts.user('root');
  accounts.user('svwiz-no-such-user');
  accounts.user('svwiz-no-such-user');
  accounts.group('0');
  accounts.group('0');
  assert.deepEqual(asked, ['passwd root', 'passwd svwiz-no-such-user', 'group 0']);
  nssAccounts(counting).user('root');
  assert.equal(asked.length, 4);
});

test("under --root the image's files answer, never the machine's accounts", () => {
  const root = makeTempDir('svwiz-users-');
  dirs.push(root);
  mkdirSync(path.join(root, 'etc'));
  writeFileSync(path.join(root, 'etc/passwd'), 'pi:x:1000:1000::/home/pi:/bin/bash\npi:x:1001:1001::/dup:/bin/sh\n');
  writeFileSync(path.join(root, 'etc/group'), 'pi:x:1000:\nvideo:x:44:pi\n');
  const accounts = accountsFor(root);
  assert.equal(accounts.source, 'files');
  assert.equal(accounts.user('pi')?.uid, 1000, 'first entry wins');
  assert.equal(accounts.user('root'), undefined, 'the machine has root; the image does not');
  assert.deepEqual(accounts.groupIdsOf(accounts.user('pi')!), [1000, 44]);
  assert.equal(accounts.group('video')?.gid, 44);
  assert.equal(accountsFor(path.join(root, 'missing')).user('pi'), undefined, 'no files: nobody');
});
