/**
 * The web UI end to end: real headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core) against a real svwizd with real child processes. Fails, never skips, when
 * Chromium or the built daemon is missing.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { XmlRpcValue } from '../../../src/protocol/types.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { startWebSvwizd, type WebSvwizd } from '../../helpers/svwizd-daemon.js';
import { AUTH, NAMESPECS, openDaemonPage, PROGRAMS, row, rpcClient, waitForState } from './web-e2e-setup.js';

const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/web/', import.meta.url));

describe('web UI in headless Chromium against svwizd', { timeout: 120000 }, () => {
  let dir: string;
  let daemon: WebSvwizd;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const rpc = (method: string, ...params: XmlRpcValue[]) => rpcClient(daemon.url)(method, ...params);
  const stateOf = async (spec: string) => ((await rpc('supervisor.getProcessInfo', spec)) as { statename: string }).statename;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = makeTempDir('svw-webe2e');
    daemon = await startWebSvwizd(dir, AUTH, PROGRAMS);
    ({ browser, context, page } = await openDaemonPage(daemon.url));
  });

  after(async () => {
    await browser?.close();
    await daemon?.stop();
    if (dir) removeTempDir(dir);
  });

  it('shows every process with its state, and the daemon identity', async () => {
    for (const spec of NAMESPECS) await waitForState(page, spec, 'RUNNING', 15000);
    const shown = await page.$$eval('tr[data-namespec]', (rows) => rows.map((tr) => (tr as HTMLElement).dataset.namespec));
    assert.deepEqual(shown.sort(), NAMESPECS);
    const infos = (await rpc('supervisor.getAllProcessInfo')) as { name: string; pid: number }[];
    for (const info of infos) {
      const spec = info.name.startsWith('w') ? `pool:${info.name}` : info.name;
      assert.equal(await page.textContent(`${row(spec)} td.pid`), String(info.pid), spec);
    }
    await page.waitForSelector('#identification:text-is("svwiz-web-e2e")');
    assert.equal(await page.textContent('#daemon-state'), 'RUNNING');
    assert.equal(await page.textContent('#supervisor-version'), (await rpc('supervisor.getSupervisorVersion')) as string);
    assert.equal(await page.textContent('#api-version'), (await rpc('supervisor.getAPIVersion')) as string);
  });

  it('stops a process (STOPPED within 5 s) and starts it again', async () => {
    const before = (await rpc('supervisor.getProcessInfo', 'sleeper')) as { pid: number };
    await page.click(`${row('sleeper')} button[data-action="stop"]`);
    await waitForState(page, 'sleeper', 'STOPPED', 5000);
    assert.equal(await stateOf('sleeper'), 'STOPPED');
    await page.click(`${row('sleeper')} button[data-action="start"]`);
    await waitForState(page, 'sleeper', 'RUNNING', 10000);
    const after = (await rpc('supervisor.getProcessInfo', 'sleeper')) as { pid: number; statename: string };
    assert.equal(after.statename, 'RUNNING');
    assert.notEqual(after.pid, before.pid);
    await page.waitForSelector(`${row('sleeper')} td.pid:text-is("${after.pid}")`);
  });

  it('tails a log live: a line printed after the page opened shows up; pause holds it back; search finds it', async () => {
    await page.click(`${row('marker')} button[data-action="log"]`);
    await page.waitForSelector('#log-dialog[open]');
    await page.waitForSelector('#log-output:has-text("marker ready")', { timeout: 10000 });
    await page.waitForSelector('#log-status:has-text("Live")', { timeout: 10000 });
    const trigger = (text: string) => {
      writeFileSync(path.join(dir, 'trigger.tmp'), `${text}\n`);
      renameSync(path.join(dir, 'trigger.tmp'), path.join(dir, 'trigger'));
    };
    const first = `after-open-${Date.now()}`;
    trigger(first);
    await page.waitForSelector(`#log-output:has-text("${first}")`, { timeout: 10000 });

    await page.click('#log-pause');
    const held = `while-paused-${Date.now()}`;
    trigger(held);
    await waitFor('marker to print the held line', () => readFileSync(path.join(dir, 'marker.log'), 'utf8').includes(held));
    await page.waitForSelector('#log-status:has-text("waiting")', { timeout: 5000 });
    assert.ok(!(await page.textContent('#log-output'))!.includes(held), 'paused view does not show new output');
    await page.click('#log-pause');
    await page.waitForSelector(`#log-output:has-text("${held}")`, { timeout: 5000 });

    await page.fill('#log-search', 'after-open');
    await page.waitForSelector('#log-matches:text-is("1 matching line")');
    assert.equal(await page.textContent('#log-output mark'), 'after-open');
    await page.fill('#log-search', '');
    assert.equal(await page.getAttribute('#log-download', 'href'), '/api/log/marker/stdout');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#log-download')]);
    assert.equal(download.suggestedFilename(), 'marker-stdout.log');
    const saved = path.join(dir, 'downloaded.log');
    await download.saveAs(saved);
    assert.equal(readFileSync(saved, 'utf8'), readFileSync(path.join(dir, 'marker.log'), 'utf8'));
    await page.keyboard.press('Escape');
    await page.waitForSelector('#log-dialog[open]', { state: 'hidden' });
  });

  it('sends a signal from the row menu', async () => {
    await page.click(`${row('marker')} details.more > summary`);
    await page.selectOption(`${row('marker')} select`, 'USR1');
    await page.click(`${row('marker')} button[data-action="signal"]`);
    await page.waitForSelector('.toast:has-text("marker: signalled USR1")', { timeout: 5000 });
    await waitFor('the trap to print got-usr1', () => readFileSync(path.join(dir, 'marker.log'), 'utf8').includes('got-usr1'));
    assert.equal(await page.locator(`${row('marker')} details.more[open]`).count(), 0, 'the menu closes after the action');
  });

  it('shows the main log live', async () => {
    await page.click('#open-mainlog');
    await page.waitForSelector('#log-title:text-is("Main log (supervisord)")');
    assert.ok(await page.isHidden('#log-channels'));
    assert.ok(await page.isHidden('#log-clear'));
    await page.waitForSelector('#log-output:has-text("spawned: \'marker\'")', { timeout: 10000 });
    // A stop is logged by the daemon after the view opened, and arrives through the live tail.
    await rpc('supervisor.stopProcess', 'pool:w2', true);
    await page.waitForSelector('#log-output:has-text("stopped: w2")', { timeout: 10000 });
    await rpc('supervisor.startProcess', 'pool:w2', true);
    await page.click('#log-close');
  });

  it('renders a program printing <script> as text', async () => {
    await page.click(`${row('xss')} button[data-action="log"]`);
    await page.waitForSelector('#log-output:has-text("<script>window.pwned=1</script>")', { timeout: 10000 });
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    assert.equal(await page.locator('#log-output img, #log-output script').count(), 0);
    await page.click('#log-close');
  });

  it("clears a stopped process's log", async () => {
    await page.click(`${row('quiet')} button[data-action="stop"]`);
    await waitForState(page, 'quiet', 'STOPPED', 5000);
    await page.click(`${row('quiet')} button[data-action="log"]`);
    await page.waitForSelector('#log-output:has-text("quiet-before-clear")', { timeout: 10000 });
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('#log-clear');
    await page.waitForSelector('.toast:has-text("quiet: stdout and stderr logs cleared")', { timeout: 5000 });
    assert.equal(await page.textContent('#log-output'), '');
    await waitFor('quiet.log to be empty on disk', () => statSync(path.join(dir, 'quiet.log')).size === 0, { timeoutMs: 5000 });
    await page.click('#log-close');
    await page.click(`${row('quiet')} button[data-action="log"]`);
    await page.waitForSelector('#log-status:not(:has-text("Loading"))');
    await page.waitForTimeout(500);
    assert.ok(!(await page.textContent('#log-output'))!.includes('quiet-before-clear'));
    await page.click('#log-close');
  });

  it('runs group actions', async () => {
    await page.click('tbody[data-group="pool"] button[data-action="group-stop"]');
    await waitForState(page, 'pool:w1', 'STOPPED', 5000);
    await waitForState(page, 'pool:w2', 'STOPPED', 5000);
    assert.deepEqual([await stateOf('pool:w1'), await stateOf('pool:w2')], ['STOPPED', 'STOPPED']);
    assert.equal(await stateOf('sleeper'), 'RUNNING', 'other groups untouched');
    await page.click('tbody[data-group="pool"] button[data-action="group-start"]');
    await waitForState(page, 'pool:w1', 'RUNNING', 10000);
    await waitForState(page, 'pool:w2', 'RUNNING', 10000);
  });

  it('is usable from the keyboard', async () => {
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'filter');
    await page.keyboard.type('pool');
    assert.equal(await page.locator('tr[data-namespec]:visible').count(), 2);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('tr[data-namespec]:visible').count(), NAMESPECS.length);
    await page.focus(`${row('sleeper')} button[data-action="log"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#log-dialog[open]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#log-dialog[open]', { state: 'hidden' });
  });

  it("shows the doctor's findings for this daemon in the health panel", async () => {
    await page.waitForSelector('#health:not([hidden])');
    await page.click('#health > summary');
    await page.waitForSelector('#health-summary[data-tone]', { timeout: 30000 });
    assert.match((await page.textContent('#health-summary')) ?? '', /^\d+ ok · \d+ warnings? · \d+ errors?$/);
    assert.match((await page.textContent('#health-meta')) ?? '', /supervisord\.conf/);
    // The test config keeps its password in plain text: the doctor says so, without showing it.
    await page.waitForSelector('#health-problems .check-title:has-text("HTTP servers are not open to others")');
    assert.ok(!((await page.textContent('#health')) ?? '').includes(AUTH.password));
    await page.screenshot({ path: path.join(ARTIFACTS, 'desktop-health.png'), fullPage: true });
    await page.click('#health > summary');
  });

  it('fits a 360 px phone and a desktop, light and dark (screenshots in test-artifacts/web)', async () => {
    await page.screenshot({ path: path.join(ARTIFACTS, 'desktop.png'), fullPage: true });
    const phone = await browser.newContext({ viewport: { width: 360, height: 780 }, httpCredentials: AUTH, isMobile: true, hasTouch: true });
    try {
      const phonePage = await phone.newPage();
      await phonePage.goto(`${daemon.url}/`);
      for (const spec of NAMESPECS) await phonePage.waitForSelector(row(spec));
      for (const scheme of ['light', 'dark'] as const) {
        await phonePage.emulateMedia({ colorScheme: scheme });
        const background = await phonePage.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const width = await phonePage.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 360, `no horizontal scrolling at 360 px (scrollWidth ${width})`);
        await phonePage.screenshot({ path: path.join(ARTIFACTS, `phone-${scheme}.png`), fullPage: true });
        if (scheme === 'light') assert.equal(background, 'rgb(245, 246, 248)');
        else assert.equal(background, 'rgb(14, 17, 22)');
      }
      await phonePage.click(`${row('marker')} button[data-action="log"]`);
      await phonePage.waitForSelector('#log-output:has-text("marker ready")', { timeout: 10000 });
      const dialogWidth = await phonePage.evaluate(() => document.getElementById('log-dialog')!.getBoundingClientRect().width);
      assert.ok(dialogWidth <= 360, `log view fits the phone (width ${dialogWidth})`);
      await phonePage.screenshot({ path: path.join(ARTIFACTS, 'phone-log.png') });
    } finally {
      await phone.close();
    }
  });
});
