/** Issue 17's keys in the config model: absent by default, read when set, bad values named by file:line and key. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/errors.js';
import { snippetLoader } from '../../helpers/config-snippets.js';

const load = snippetLoader('svwlimk');

test('a config without the new keys has none of the new fields and no warnings about them', () => {
  const model = load('[program:a]\ncommand=/bin/true\n').model();
  assert.equal(model.processes[0]!.limits, undefined);
  assert.equal(model.supervisord.fatalExit, undefined);
  assert.equal(model.alerts, undefined);
});

test('the keys are read with their defaults, and are known (no unknown-key warning)', () => {
  const model = load(
    'exit_on_fatal=true\n[program:a]\ncommand=/bin/true\nmemory_limit=200MB\nrestart_limit=5\n[alerts]\nwebhook_url=https://ntfy.example/t\nsendmail_path=/usr/sbin/sendmail\nmail_to=a@x, b@y\n',
  ).model();
  assert.deepEqual(model.processes[0]!.limits, { memoryLimitBytes: 200 * 1024 * 1024, memoryCheckPeriodSeconds: 5, restartLimit: 5, restartLimitWindowSeconds: 60 });
  assert.deepEqual(model.supervisord.fatalExit, { code: 1 });
  assert.equal(model.alerts?.webhookUrl, 'https://ntfy.example/t');
  assert.deepEqual(model.alerts?.mailTo, ['a@x', 'b@y']);
  assert.equal(model.alerts?.throttleSeconds, 300);
  assert.deepEqual(model.warnings, []);
});

test('exit_on_fatal=false ignores the code; exit_on_fatal_code is used when on', () => {
  assert.equal(load('exit_on_fatal=false\nexit_on_fatal_code=9\n').model().supervisord.fatalExit, undefined);
  assert.deepEqual(load('exit_on_fatal=yes\nexit_on_fatal_code=9\n').model().supervisord.fatalExit, { code: 9 });
});

const cases: [string, string, RegExp][] = [
  ['[program:a]\ncommand=/bin/true\nmemory_limit=lots\n', 'memory_limit', /valid: a whole number of bytes/],
  ['[program:a]\ncommand=/bin/true\nmemory_limit=0\n', 'memory_limit', /0 is not greater than 0 \(valid: a number of bytes above 0/],
  ['[program:a]\ncommand=/bin/true\nrestart_limit=-1\n', 'restart_limit', /valid: a whole number of unexpected exits above 0/],
  ['[program:a]\ncommand=/bin/true\nrestart_limit_window=0\n', 'restart_limit_window', /valid: a whole number of seconds above 0/],
  ['exit_on_fatal=perhaps\n', 'exit_on_fatal', /valid: true\/false/],
  ['exit_on_fatal=true\nexit_on_fatal_code=0\n', 'exit_on_fatal_code', /valid: a whole number from 1 to 255/],
  ['[alerts]\nwebhook_url=ftp://x/\n', 'webhook_url', /valid: an http:\/\/ or https:\/\/ URL/],
  ['[alerts]\nsendmail_path=/usr/sbin/sendmail\n', 'sendmail_path', /mail_to is empty/],
  ['[alerts]\nalert_throttle=soon\n', 'alert_throttle', /valid: a whole number/],
];
for (const [text, key, message] of cases) {
  test(`bad ${key} is a config error naming the file, line and key`, () => {
    const { file, model } = load(text);
    assert.throws(model, (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.key, key);
      assert.equal(error.position?.file, file);
      assert.ok((error.position?.line ?? 0) > 3);
      assert.match(error.message, message);
      return true;
    });
  });
}
