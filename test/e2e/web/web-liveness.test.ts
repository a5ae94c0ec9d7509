/**
 * A failing liveness check (issue 17) in the web UI, in real headless Chromium against a real
 * svwizd: the row of a RUNNING program whose command check fails says "unhealthy: …", carries
 * data-health and the amber badge, and turns back when the check passes — pushed by the live
 * feed, with no state change in between.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { startWebSvwizd, type WebSvwizd } from '../../helpers/svwizd-daemon.js';
import { AUTH, openDaemonPage, row, waitForState } from './web-e2e-setup.js';

describe('web UI: liveness check state', { timeout: 90000 }, () => {
  let dir: string;
  let daemon: WebSvwizd;
  let browser: Browser;
  let page: Page;

  before(async () => {
    dir = makeTempDir('svw-weblive');
    daemon = await startWebSvwizd(
      dir,
      AUTH,
      `
[program:worker]
command=/bin/sleep 1000
startsecs=1
liveness_check_script=test ! -e ${dir}/sick
liveness_check_initial_delay=0
liveness_check_period=1
liveness_check_failure_threshold=2
liveness_check_failure_action=true
`,
    );
    ({ browser, page } = await openDaemonPage(daemon.url));
  });

  after(async () => {
    await browser?.close();
    await daemon?.stop();
    if (dir) removeTempDir(dir);
  });

  it('shows unhealthy in the row while the check fails, and clears it when it passes', async () => {
    await waitForState(page, 'worker', 'RUNNING', 15000);
    await page.waitForSelector(`${row('worker')}[data-health="healthy"]`, { timeout: 15000 });
    assert.equal(await page.getAttribute(`${row('worker')} .badge`, 'data-tone'), 'ok');

    writeFileSync(path.join(dir, 'sick'), '');
    await page.waitForSelector(`${row('worker')}[data-health="unhealthy"]`, { timeout: 20000 });
    await page.waitForSelector(`${row('worker')} .description:has-text("unhealthy: exit status 1")`, { timeout: 5000 });
    assert.match((await page.textContent(`${row('worker')} .description`)) ?? '', /^pid \d+, uptime \S+, unhealthy: exit status 1 \(\d+ failures\)$/);
    assert.equal(await page.getAttribute(`${row('worker')} .badge`, 'data-tone'), 'busy');
    assert.equal(await page.textContent(`${row('worker')} .badge`), 'RUNNING');

    rmSync(path.join(dir, 'sick'));
    await page.waitForSelector(`${row('worker')}[data-health="healthy"]`, { timeout: 20000 });
    assert.doesNotMatch((await page.textContent(`${row('worker')} .description`)) ?? '', /unhealthy|failing/);
    assert.equal(await page.getAttribute(`${row('worker')} .badge`, 'data-tone'), 'ok');
  });
});
