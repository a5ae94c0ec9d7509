/** smtp_url as nodemailer's options, and smtp_url and webhook_url as a log may show them (issue 17). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smtpDisplay, smtpTarget } from '../../../src/daemon/alerts/smtp-delivery.js';

test('smtp:// is plain with STARTTLS on 587 by default, smtps:// is TLS on 465; the login is decoded', () => {
  assert.deepEqual(smtpTarget('smtp://mail.example'), { host: 'mail.example', port: 587, secure: false });
  assert.deepEqual(smtpTarget('smtps://u%40x:p%3Aw%20@mail.example'), { host: 'mail.example', port: 465, secure: true, auth: { user: 'u@x', pass: 'p:w ' } });
  assert.deepEqual(smtpTarget('smtp://u:p@127.0.0.1:2525'), { host: '127.0.0.1', port: 2525, secure: false, auth: { user: 'u', pass: 'p' } });
  assert.equal(smtpTarget('smtp://[::1]:25').host, '::1');
});

test('the display form has no login', () => {
  assert.equal(smtpDisplay('smtp://user:secret@mail.example:25'), 'smtp://mail.example:25');
  assert.equal(smtpDisplay('smtps://user:secret@[::1]'), 'smtps://[::1]:465');
});

test('a webhook URL is logged without its path or query, where Slack, Discord and ntfy keep the secret', async () => {
  const { webhookDisplay } = await import('../../../src/daemon/alerts/alert-delivery.js');
  assert.equal(webhookDisplay('https://discord.com/api/webhooks/123/s3cr3t-token'), 'https://discord.com/…');
  assert.equal(webhookDisplay('https://ntfy.sh/?topic=abc'), 'https://ntfy.sh/…');
  assert.equal(webhookDisplay('http://127.0.0.1:8080/'), 'http://127.0.0.1:8080');
  assert.equal(webhookDisplay('not a url'), '(webhook_url)');
});
