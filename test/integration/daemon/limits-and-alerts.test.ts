/**
 * Issue 17 with real processes and sockets: memory_limit restarts a program that grows,
 * restart_limit ends a crash loop in FATAL, exit_on_fatal ends the daemon with its code, and a
 * webhook receiver (and a sendmail program) on loopback get one message for a crash loop, then
 * one for the recovery.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import { rpcCall } from '../../helpers/daemon-rpc.js';
import { startSvwizd, type RunningSvwizd } from '../../helpers/svwizd-daemon.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';

const dirs: string[] = [];
const daemons: RunningSvwizd[] = [];
after(async () => {
  for (const daemon of daemons) await daemon.stop();
  for (const dir of dirs) removeTempDir(dir);
});

async function daemonWith(programs: string, supervisordExtra = ''): Promise<{ dir: string; daemon: RunningSvwizd; url: string; mainLog: () => string }> {
  const dir = makeTempDir('svw-lim');
  dirs.push(dir);
  const daemon = await startSvwizd(dir, daemonConfigText(dir, programs.replaceAll('DIR', dir), supervisordExtra));
  daemons.push(daemon);
  return { dir, daemon, url: `unix://${dir}/s.sock`, mainLog: () => readFileSync(path.join(dir, 'main.log'), 'utf8') };
}

type Info = { statename: string; pid: number; spawnerr: string; description: string };
const info = async (url: string, name: string): Promise<Info> => (await rpcCall(url, 'supervisor.getProcessInfo', name)) as unknown as Info;

describe('memory_limit', () => {
  it('restarts a program whose tree grows above the limit, and says so in the log and the description', async () => {
    const { dir, url, mainLog } = await daemonWith(`[program:grow]
command=${process.execPath} DIR/grow.js
startsecs=0
memory_limit=120MB
memory_limit_check_period=1
`);
    // Touches every page it allocates, so the resident set grows by 16 MB every 200 ms.
    writeFileSync(path.join(dir, 'grow.js'), 'const held = []; setInterval(() => held.push(Buffer.alloc(16 * 1024 * 1024, 1)), 200);\n');
    const first = await waitFor('grow RUNNING', async () => {
      const now = await info(url, 'grow');
      return now.statename === 'RUNNING' && now.pid > 0 && now.pid;
    });
    const line = await waitFor('memory-limit restart line', () => /WARN restarting grow: process tree RSS ([\d.]+) MB is above memory_limit 120\.0 MB/.exec(mainLog()), { timeoutMs: 60000 });
    assert.ok(Number(line[1]) > 120, `logged RSS ${line[1]} MB is above the limit`);
    const again = await waitFor('grow RUNNING again with a new pid', async () => {
      const now = await info(url, 'grow');
      return now.statename === 'RUNNING' && now.pid !== first && now.pid > 0 && now;
    }, { timeoutMs: 30000 });
    assert.match(again.description, /restarted \d+ times for memory_limit/);
    assert.match(mainLog(), /stopped: grow \(terminated by SIGTERM\)/);
  });
});

describe('restart_limit', () => {
  it('puts a crash loop in FATAL with a clear spawnerr; an unreachable webhook is logged, not fatal', async () => {
    const { url, mainLog, daemon } = await daemonWith(`[program:crashy]
command=/bin/sh -c "sleep 0.2; exit 3"
startsecs=0
restart_limit=3
restart_limit_window=60

[alerts]
webhook_url=http://127.0.0.1:1/unreachable
`);
    const fatal = await waitFor('crashy FATAL', async () => {
      const now = await info(url, 'crashy');
      return now.statename === 'FATAL' && now;
    }, { timeoutMs: 30000 });
    assert.equal(fatal.spawnerr, '3 crashes in 60 s; restart_limit reached');
    assert.equal(fatal.description, '3 crashes in 60 s; restart_limit reached');
    assert.equal((mainLog().match(/spawned: 'crashy'/g) ?? []).length, 3, 'three runs, no fourth');
    assert.match(mainLog(), /gave up: crashy entered FATAL state, 3 crashes in 60 s; restart_limit reached/);
    await waitFor('delivery failure logged', () => /WARN alert could not be sent by webhook http:\/\/127\.0\.0\.1:1\/…: /.test(mainLog()));
    assert.equal(daemon.child.exitCode, null, 'the daemon keeps running');
    // A person's start begins a fresh count.
    await rpcCall(url, 'supervisor.startProcess', 'crashy', false);
    await waitFor('crashy FATAL again', async () => (await info(url, 'crashy')).statename === 'FATAL', { timeoutMs: 30000 });
    assert.equal((mainLog().match(/spawned: 'crashy'/g) ?? []).length, 6);
  });
});

/** A webhook receiver on loopback that keeps every JSON body it is posted. */
async function webhookReceiver(): Promise<{ received: Record<string, unknown>[]; port: number }> {
  const received: Record<string, unknown>[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ ...(JSON.parse(body) as Record<string, unknown>), contentType: req.headers['content-type'] });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => server.close());
  return { received, port: (server.address() as { port: number }).port };
}

describe('exit_on_fatal', () => {
  it('stops every program and exits with exit_on_fatal_code when a program enters FATAL; the pidfile is removed; the FATAL alert goes out first', async () => {
    const { received, port } = await webhookReceiver();
    const { dir, daemon, mainLog } = await daemonWith(
      `[program:steady]
command=/bin/sleep 1000

[program:broken]
command=/bin/sh -c "sleep 0.2; exit 4"
startsecs=0
restart_limit=2

[alerts]
webhook_url=http://127.0.0.1:${port}/hook
`,
      'exit_on_fatal=true\nexit_on_fatal_code=7',
    );
    const code = await waitFor('svwizd exit', () => (daemon.child.exitCode !== null ? { code: daemon.child.exitCode } : undefined), { timeoutMs: 30000 });
    assert.equal(code.code, 7);
    assert.equal(existsSync(path.join(dir, 'd.pid')), false, 'pidfile removed');
    assert.equal(existsSync(path.join(dir, 's.sock')), false, 'socket removed');
    assert.match(mainLog(), /CRIT broken entered FATAL state; exit_on_fatal is set: stopping every program, then exiting with status 7/);
    assert.match(mainLog(), /stopped: steady \(terminated by SIGTERM\)/);
    // The first crash is sent, the second held, and FATAL is sent at once carrying it, before the exit.
    assert.deepEqual(received.map((body) => [body.kind, body.process, body.summary_of]), [
      ['unexpected_exit', 'broken:broken', undefined],
      ['fatal', 'broken:broken', 1],
    ]);
    assert.match(String(received[1]!.message), /entered FATAL: 2 crashes in 60 s; restart_limit reached/);
  });
});

describe('alerts', () => {
  it('a crash loop that goes on sends one message, then one summary per alert_throttle window', async () => {
    const { received, port } = await webhookReceiver();
    const { url } = await daemonWith(`[program:loop]
command=/bin/sh -c "sleep 0.3; exit 3"
startsecs=0

[alerts]
webhook_url=http://127.0.0.1:${port}/hook
alert_throttle=2
`);
    const started = Date.now();
    await waitFor('a summary', () => received.some((body) => typeof body.summary_of === 'number'), { timeoutMs: 30000 });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await rpcCall(url, 'supervisor.stopProcess', 'loop', true);
    const windows = (Date.now() - started) / 2000;
    assert.equal(received[0]!.kind, 'unexpected_exit');
    assert.equal(received[0]!.summary_of, undefined);
    const summaries = received.slice(1);
    assert.ok(summaries.length >= 2 && summaries.length <= Math.ceil(windows) + 1, `${summaries.length} summaries in ${windows.toFixed(1)} windows`);
    for (const summary of summaries) {
      assert.ok(Number(summary.summary_of) >= 1);
      assert.match(String(summary.message), /^\d+ more alerts? since the last message; latest: exited unexpectedly/);
    }
  });

  it('a crash loop sends one message to the webhook and one mail, then one recovery', async () => {
    const { received, port } = await webhookReceiver();
    const dir = makeTempDir('svw-alert');
    dirs.push(dir);
    // A sendmail stand-in: a real program reading the message on stdin, as sendmail -t does.
    const sendmail = path.join(dir, 'sendmail');
    writeFileSync(sendmail, `#!/bin/sh\n[ "$1 $2" = "-t -i" ] || exit 64\ncat > "${dir}/mail.$$"\n`);
    chmodSync(sendmail, 0o755);
    // Crashes four times, then stays up.
    const flaky = `/bin/sh -c "n=$(cat ${dir}/runs 2>/dev/null || echo 0); echo $((n+1)) > ${dir}/runs; [ $n -ge 4 ] && exec sleep 1000; sleep 0.2; exit 3"`;
    const daemon = await startSvwizd(
      dir,
      daemonConfigText(
        dir,
        `[program:flaky]
command=${flaky}
startsecs=0

[alerts]
webhook_url=http://127.0.0.1:${port}/hook
sendmail_path=${sendmail}
mail_to=ops@example.com
mail_from=svwiz@example.com
alert_throttle=300
`,
      ),
    );
    daemons.push(daemon);
    await waitFor('recovery message', () => received.some((body) => body.kind === 'recovery'), { timeoutMs: 60000 });
    // Nothing else is on its way: the last crash was seconds ago.
    assert.equal(received.length, 2, JSON.stringify(received));
    const [failure, recovery] = received as Record<string, string | number>[];
    assert.equal(failure!.kind, 'unexpected_exit');
    assert.equal(failure!.process, 'flaky:flaky');
    assert.equal(failure!.contentType, 'application/json');
    assert.equal(failure!.text, failure!.content);
    assert.match(String(failure!.text), /^\[supervisor@.+\] flaky:flaky: exited unexpectedly \(Bad exit code 3\)/);
    assert.equal(recovery!.kind, 'recovery');
    assert.equal(recovery!.ends_failures, 4);
    assert.match(String(recovery!.text), /RUNNING again for 10 s, pid \d+ \(after 4 failures\)/);
    const mails = await waitFor('two mails', () => {
      const files = readdirSync(dir).filter((name) => name.startsWith('mail.'));
      return files.length === 2 && files.map((name) => readFileSync(path.join(dir, name), 'utf8'));
    });
    for (const mail of mails) {
      assert.match(mail, /^To: ops@example\.com\nFrom: svwiz@example\.com\nSubject: svwiz: flaky:flaky /);
    }
    assert.ok(mails.some((mail) => mail.includes('Subject: svwiz: flaky:flaky recovered')));
  });
});
