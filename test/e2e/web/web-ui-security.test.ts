/**
 * The web UI's security against a real svwizd in real headless Chromium: Basic auth on every UI
 * path, and the CSRF gate on the browser's RPC endpoint (cross-site and token-less POSTs).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { encodeMethodCall } from '../../../src/protocol/xmlrpc-codec.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { freePort, startWebSvwizd, type WebSvwizd } from '../../helpers/svwizd-daemon.js';
import { AUTH, launchChromium, PROGRAMS, row, rpcClient, waitForState } from './web-e2e-setup.js';

describe('web UI security in headless Chromium against svwizd', { timeout: 90000 }, () => {
  let dir: string;
  let daemon: WebSvwizd;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const stateOf = async (spec: string) => ((await rpcClient(daemon.url)('supervisor.getProcessInfo', spec)) as { statename: string }).statename;

  before(async () => {
    dir = makeTempDir('svw-websec');
    daemon = await startWebSvwizd(dir, AUTH, PROGRAMS);
    browser = await launchChromium();
    context = await browser.newContext({ httpCredentials: AUTH });
    page = await context.newPage();
    await page.goto(`${daemon.url}/`);
    await waitForState(page, 'sleeper', 'RUNNING', 15000);
  });

  after(async () => {
    await browser?.close();
    await daemon?.stop();
    if (dir) removeTempDir(dir);
  });

  it('refuses a wrong password and no password', async () => {
    {
      const other = await browser.newContext({ httpCredentials: { username: AUTH.username, password: 'wrong' } });
      try {
        // Chromium is refused (401), retries with what it has, and gives up.
        const outcome = await (await other.newPage()).goto(`${daemon.url}/`).then(
          (response) => `status ${response?.status()}`,
          (error: Error) => error.message,
        );
        assert.match(outcome, /status 401|ERR_INVALID_AUTH_CREDENTIALS/);
        const direct = await other.request.get(`${daemon.url}/`);
        assert.equal(direct.status(), 401);
        assert.equal(direct.headers()['www-authenticate'], 'Basic realm="default"');
        // The 401 page says how to get back in; XML-RPC clients keep Supervisor's bare page.
        assert.match(await direct.text(), /svwiz init --yes --overwrite --web-password NEW-PASSWORD/);
        const rpc401 = await other.request.post(`${daemon.url}/RPC2`, { data: encodeMethodCall('supervisor.getState', []), headers: { 'Content-Type': 'text/xml' } });
        assert.equal(rpc401.status(), 401);
        assert.doesNotMatch(await rpc401.text(), /svwiz init/);
      } finally {
        await other.close();
      }
    }
    // From inside the page: a wrong Authorization header, or none, gets 401 on every UI path.
    const statuses = await page.evaluate(async (user) => {
      const wrong = { Authorization: `Basic ${btoa(`${user}:wrong`)}` };
      const results: number[] = [];
      for (const pathname of ['/', '/api/session', '/assets/app.js']) {
        results.push((await fetch(pathname, { headers: wrong, cache: 'no-store' })).status);
        results.push((await fetch(pathname, { credentials: 'omit', cache: 'no-store' })).status);
      }
      results.push((await fetch('/api/rpc', { method: 'POST', headers: { ...wrong, 'Content-Type': 'text/xml' }, body: '' })).status);
      return results;
    }, AUTH.username);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 401, 401]);
  });

  it('refuses a cross-site POST and a same-origin POST without the token', async () => {
    const attackerPort = await freePort();
    const body = encodeMethodCall('supervisor.stopProcess', ['sleeper', true]);
    const attackerPage = [
      '<!doctype html><title>attacker</title>',
      `<form method="POST" action="${daemon.url}/api/rpc" enctype="text/plain">`,
      `<input type="hidden" name="${body.replace(/"/g, '&quot;').replace(/=/g, '')}" value="">`,
      '<button id="go" type="submit">go</button></form>',
    ].join('\n');
    const attacker: Server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(attackerPage));
    await new Promise<void>((resolve) => attacker.listen(attackerPort, '127.0.0.1', resolve));
    try {
      const evil = await context.newPage();
      // localhost vs 127.0.0.1: a different site, as a browser sees it.
      await evil.goto(`http://localhost:${attackerPort}/`);
      const [response] = await Promise.all([evil.waitForNavigation(), evil.click('#go')]);
      assert.equal(response?.status(), 403);
      assert.match((await evil.textContent('body')) ?? '', /Cross-site request refused|CSRF/);
      await evil.close();

      const noToken = await page.evaluate(async (xml) => {
        const reply = await fetch('/api/rpc', { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: xml });
        return reply.status;
      }, body);
      assert.equal(noToken, 403);
      assert.equal(await stateOf('sleeper'), 'RUNNING', 'no refused request reached the daemon');
    } finally {
      await new Promise<void>((resolve) => attacker.close(() => resolve()));
    }
  });

  it("decodes XML-RPC answers in the browser without interpreting markup", async () => {
    const decoded = await page.evaluate(async (codecUrl) => {
      const codec = await import(codecUrl);
      const value = codec.decodeResponse(
        "<?xml version='1.0'?><methodResponse><params><param><value><struct>" +
          '<member><name>name</name><value><string>&lt;b&gt;x&lt;/b&gt; &amp; y</string></value></member>' +
          '<member><name>n</name><value><int>-7</int></value></member>' +
          '<member><name>ok</name><value><boolean>1</boolean></value></member>' +
          '<member><name>list</name><value><array><data><value>plain</value><value><double>1.5</double></value></data></array></value></member>' +
          '</struct></value></param></params></methodResponse>',
      );
      let fault;
      try {
        codec.decodeResponse(
          "<?xml version='1.0'?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>70</int></value></member>" +
            '<member><name>faultString</name><value><string>NOT_RUNNING: x</string></value></member></struct></value></fault></methodResponse>',
        );
      } catch (error) {
        fault = { name: (error as Error).name, code: (error as { code: number }).code, text: (error as { text: string }).text };
      }
      return { value, fault };
    }, '/assets/xmlrpc.js');
    assert.deepEqual(decoded.value, { name: '<b>x</b> & y', n: -7, ok: true, list: ['plain', 1.5] });
    assert.deepEqual(decoded.fault, { name: 'RpcFault', code: 70, text: 'NOT_RUNNING: x' });
  });

  it('keeps working for the page itself after the refusals', async () => {
    await page.click(`${row('sleeper')} button[data-action="stop"]`);
    await waitForState(page, 'sleeper', 'STOPPED', 5000);
    assert.equal(await stateOf('sleeper'), 'STOPPED');
  });
});
