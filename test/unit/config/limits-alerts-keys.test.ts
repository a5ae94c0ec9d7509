/** Issue 17's keys in the config model: absent by default, read when set, bad values named by file:line and key. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertConfigErrorAt } from '../../helpers/config-errors.js';
import { tempConfigLoader } from '../../helpers/config-files.js';

const { dir, load } = tempConfigLoader('svwlimk');

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
  ['[alerts]\nsmtp_url=mail.example:587\nmail_to=a@x\n', 'smtp_url', /mail\.example: is not an SMTP scheme \(valid: smtp:\/\/\[user:password@\]host/],
  ['[alerts]\nsmtp_url=https://u:secret@mail.example/\nmail_to=a@x\n', 'smtp_url', /https: is not an SMTP scheme/],
  ['[alerts]\nsmtp_url=smtp://u:secret@mail.example:99999\nmail_to=a@x\n', 'smtp_url', /the value is not a URL \(valid: smtp:\/\//],
  ['[alerts]\nsmtp_url=smtp://u:secret%40x@mail.example\nmail_to=a@x\n', 'smtp_url', /cannot be %-expanded \(valid: a URL escape with its % doubled/],
  ['[alerts]\nsmtp_url=smtp://\nmail_to=a@x\n', 'smtp_url', /the URL names no host/],
  ['[alerts]\nsmtp_url=smtp://u:p@mail.example\nsendmail_path=/usr/sbin/sendmail\nmail_to=a@x\n', 'smtp_url', /smtp_url and sendmail_path are both set \(valid: one of them/],
  ['[alerts]\nsmtp_url=smtp://mail.example\n', 'smtp_url', /smtp_url is set but mail_to is empty/],
  ['[alerts]\nmail_to=a@x\n', 'mail_to', /neither sendmail_path nor smtp_url is \(valid: sendmail_path = .*, or smtp_url = smtp:/],
];
for (const [text, key, message] of cases) {
  test(`bad ${key} is a config error naming the file, line and key: ${message.source.slice(0, 40)}`, () => {
    const { file, model } = load(text);
    assertConfigErrorAt(model, file, key, message, 3);
    // smtp_url holds a password: no error quotes it.
    assert.throws(model, (error: Error) => !error.message.includes('secret'));
  });
}

test('smtp_url is read with mail_to and mail_from, and sendmail_path stays null; a URL escape is written %% (expansion)', () => {
  const alerts = load('[alerts]\nsmtp_url=smtps://u%%40x:p%%3Aw@mail.example\nmail_to=ops@example.com\nmail_from=svwiz@h\n').model().alerts;
  assert.equal(alerts?.smtpUrl, 'smtps://u%40x:p%3Aw@mail.example');
  assert.equal(alerts?.sendmailPath, null);
  assert.deepEqual(alerts?.mailTo, ['ops@example.com']);
  assert.equal(alerts?.mailFrom, 'svwiz@h');
});
