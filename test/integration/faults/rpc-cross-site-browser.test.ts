/**
 * Fault suite, real Chromium: a page served from a second loopback origin (127.0.0.2) submits a
 * text/plain form with an XML-RPC stopProcess call to the daemon's /RPC2 — the classic cross-site
 * attack on supervisord. The program must stay RUNNING, also when the browser has cached the
 * daemon's Basic-auth credentials (the page of the daemon was opened once with them), and the
 * browser shows the 403 text.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { xmlRpcCall } from '../../helpers/rpc-http.js';
import { startFaultDaemon, type FaultDaemon } from '../../helpers/rpc-fault-daemon.js';
import { launchChromium } from '../../e2e/web/web-e2e-setup.js';

const AUTH = { username: 'br', password: 'pw-br' };
let browser: Browser;
let attacker: Server;
let attackerPort = 0;
/** Which daemon port the attacker's page posts to, set per test. */
let targetPort = 0;

/** The form a hostile site would use: text/plain makes `name=value` the body, so the XML goes into the name. */
function attackPage(port: number): string {
  const xml = `<?xml version="1.0"?><methodCall><methodName>supervisor.stopProcess</methodName><params><param><value><string>steady</string></value></param></params></methodCall><!--`;
  return (
    `<!doctype html><html><body><form method="post" enctype="text/plain" action="http://127.0.0.1:${port}/RPC2">` +
    `<input type="hidden" name='${xml}' value="-->"></form><script>document.forms[0].submit()</script></body></html>`
  );
}

before(async () => {
  browser = await launchChromium();
  attacker = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(attackPage(targetPort));
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.2', resolve));
  attackerPort = (attacker.address() as { port: number }).port;
});
after(async () => {
  await browser?.close();
  await new Promise((resolve) => attacker?.close(resolve));
});

async function attack(daemon: FaultDaemon, { cacheCredentials }: { cacheCredentials: boolean }): Promise<string> {
  targetPort = daemon.port;
  const context = await browser.newContext(); // a fresh profile: nothing cached but what the test caches
  try {
    const page = await context.newPage();
    if (cacheCredentials) {
      // Opening the daemon's page once with credentials makes Chromium send them with later requests to it.
      const opened = await page.goto(`http://${AUTH.username}:${AUTH.password}@127.0.0.1:${daemon.port}/ok.html`);
      assert.equal(opened?.status(), 200);
      const again = await page.goto(`http://127.0.0.1:${daemon.port}/ok.html`);
      assert.equal(again?.status(), 200, 'the credentials are cached for the daemon origin');
    }
    const refused = page.waitForResponse((response) => response.url().endsWith('/RPC2'), { timeout: 30000 });
    await page.goto(`http://127.0.0.2:${attackerPort}/`);
    const response = await refused;
    assert.equal(response.status(), 403);
    await page.waitForLoadState('load');
    return await page.innerText('body');
  } finally {
    await context.close();
  }
}

async function assertStillRunning(daemon: FaultDaemon): Promise<void> {
  // A stop would take effect at once; give it a moment to show, then check.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await daemon.assertHealthy();
  const info = (await xmlRpcCall(daemon.unix, 'supervisor.getProcessInfo', ['steady'])) as { statename: string };
  assert.equal(info.statename, 'RUNNING');
}

test('a cross-site text/plain form cannot stop a program (no auth)', { timeout: 120000 }, async () => {
  const daemon = await startFaultDaemon('rxbn');
  try {
    const text = await attack(daemon, { cacheCredentials: false });
    assert.match(text, /Cross-site XML-RPC request refused/);
    await assertStillRunning(daemon);
    assert.match(daemon.output(), /refused POST \/RPC2: cross-site request \(Sec-Fetch-Site is cross-site\)/);
  } finally {
    await daemon.stop();
  }
});

test('a cross-site text/plain form cannot stop a program with credentials cached in the browser', { timeout: 120000 }, async () => {
  const daemon = await startFaultDaemon('rxba', { auth: AUTH });
  try {
    const text = await attack(daemon, { cacheCredentials: true });
    assert.match(text, /Cross-site XML-RPC request refused/);
    await assertStillRunning(daemon);
  } finally {
    await daemon.stop();
  }
});
