/**
 * `[alerts] smtp_url` (issue 17) with the real svwizd bin and a real SMTP server on loopback
 * (smtp-server, nodemailer's counterpart) that offers STARTTLS with a certificate made here and
 * takes a login only over TLS: a crash loop gives one mail and one recovery mail, with the right
 * headers; a wrong password is a logged delivery failure, the daemon stays up, and the password
 * is in no log.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import { startSvwizd, type RunningSvwizd } from '../../helpers/svwizd-daemon.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';

const USER = 'alerts';
const PASSWORD = 's3cr:et/pw';
const certDir = makeTempDir('svw-smtpcert');
const dirs: string[] = [certDir];
const daemons: RunningSvwizd[] = [];

interface Received {
  from: string;
  to: string[];
  raw: string;
}
const received: Received[] = [];
const logins: { user: string; secure: boolean; ok: boolean }[] = [];
let port = 0;
let server: SMTPServer;

before(async () => {
  // A certificate for 127.0.0.1, which svwizd trusts through NODE_EXTRA_CA_CERTS, so STARTTLS is verified, not skipped.
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(certDir, 'key.pem'), '-out', path.join(certDir, 'cert.pem')], { stdio: 'ignore' });
  server = new SMTPServer({
    key: readFileSync(path.join(certDir, 'key.pem')),
    cert: readFileSync(path.join(certDir, 'cert.pem')),
    // Login only after STARTTLS (the default): a client that skipped it could not log in.
    allowInsecureAuth: false,
    onAuth(auth, session, callback) {
      const ok = auth.username === USER && auth.password === PASSWORD;
      logins.push({ user: auth.username ?? '', secure: session.secure, ok });
      callback(ok ? null : new Error('Invalid username or password'), ok ? { user: auth.username } : undefined);
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((to) => to.address), raw });
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as { port: number }).port;
});

after(async () => {
  for (const daemon of daemons) await daemon.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const dir of dirs) removeTempDir(dir);
});

async function daemonWith(programs: string): Promise<{ dir: string; daemon: RunningSvwizd; mainLog: () => string }> {
  const dir = makeTempDir('svw-smtp');
  dirs.push(dir);
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: path.join(certDir, 'cert.pem') };
  const daemon = await startSvwizd(dir, daemonConfigText(dir, programs.replaceAll('DIR', dir)), { env });
  daemons.push(daemon);
  return { dir, daemon, mainLog: () => readFileSync(path.join(dir, 'main.log'), 'utf8') };
}

/** The headers (unfolded) and the body (quoted-printable undone) of one message. */
function parse(raw: string): { headers: Record<string, string>; body: string } {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of head!.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = rest.join('\r\n\r\n');
  if (/quoted-printable/i.test(headers['content-transfer-encoding'] ?? '')) {
    body = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return { headers, body };
}

const escapedPassword = encodeURIComponent(PASSWORD).replaceAll('%', '%%');

describe('alerts by SMTP', () => {
  it('a crash loop sends one mail over STARTTLS with a login, then one recovery mail', async () => {
    const before = received.length;
    // Crashes four times, then stays up.
    const { mainLog, daemon } = await daemonWith(`[program:flaky]
command=/bin/sh -c "n=$(cat DIR/runs 2>/dev/null || echo 0); echo $((n+1)) > DIR/runs; [ $n -ge 4 ] && exec sleep 1000; sleep 0.2; exit 3"
startsecs=0

[alerts]
smtp_url=smtp://${USER}:${escapedPassword}@127.0.0.1:PORT
mail_to=ops@example.com, dev@example.com
mail_from=svwiz@example.com
alert_throttle=300
`.replace('PORT', String(port)));
    await waitFor('two mails', () => received.length - before >= 2, { timeoutMs: 60000 });
    // Nothing else is on its way: the process has been up for 10 s, the crashes are long past.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const mails = received.slice(before);
    assert.equal(mails.length, 2, mails.map((mail) => mail.raw).join('\n----\n'));
    for (const mail of mails) {
      assert.equal(mail.from, 'svwiz@example.com');
      assert.deepEqual(mail.to, ['ops@example.com', 'dev@example.com']);
    }
    const [failure, recovery] = mails.map((mail) => parse(mail.raw));
    assert.equal(failure!.headers.to, 'ops@example.com, dev@example.com');
    assert.equal(failure!.headers.from, 'svwiz@example.com');
    assert.equal(failure!.headers.subject, `svwiz: flaky:flaky exited unexpectedly on ${hostname()}`);
    assert.match(failure!.body, /\] flaky:flaky: exited unexpectedly \(Bad exit code 3\)/);
    assert.match(failure!.body, /process: flaky:flaky\r?\n/);
    assert.equal(recovery!.headers.subject, `svwiz: flaky:flaky recovered on ${hostname()}`);
    assert.match(recovery!.body, /\(after 4 failures\)/);
    assert.ok(logins.length >= 2 && logins.every((login) => login.ok && login.secure && login.user === USER), JSON.stringify(logins));
    assert.equal((mainLog().match(/INFO alert: /g) ?? []).length, 2);
    assert.doesNotMatch(mainLog(), /could not be sent/);
    assert.equal(daemon.child.exitCode, null);
  });

  it('a wrong password is logged as a delivery failure without the password, and the daemon stays up', async () => {
    const before = received.length;
    const loginsBefore = logins.length;
    const { mainLog, daemon } = await daemonWith(`[program:crashy]
command=/bin/sh -c "sleep 0.2; exit 3"
startsecs=0

[alerts]
smtp_url=smtp://${USER}:wrong-${escapedPassword}@127.0.0.1:${port}
mail_to=ops@example.com
`);
    const line = await waitFor('delivery failure logged', () => /WARN alert could not be sent by mail via (\S+): (.*)/.exec(mainLog()), { timeoutMs: 30000 });
    assert.equal(line[1], `smtp://127.0.0.1:${port}`);
    assert.match(line[2]!, /Invalid login/);
    assert.ok(logins.slice(loginsBefore).some((login) => !login.ok && login.secure), 'the server saw the failed login, over TLS');
    assert.equal(received.length, before, 'no message was taken');
    assert.equal(daemon.child.exitCode, null, 'the daemon keeps running');
    for (const text of [mainLog(), daemon.output()]) {
      assert.ok(!text.includes('s3cr'), 'the password is in no log');
      assert.ok(!text.includes(escapedPassword), 'nor its escaped form');
    }
  });
});
