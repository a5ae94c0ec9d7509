/**
 * Shared set-up of the web UI end-to-end tests: a real svwizd with a few real programs, and
 * Debian's Chromium driven by playwright-core (its own fresh profile per launch).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { XmlRpcValue } from '../../../src/protocol/types.js';
import { decodeMethodResponse, encodeMethodCall } from '../../../src/protocol/xmlrpc-codec.js';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const AUTH = { username: 'webuser', password: 'pw-web-123' };

export const PROGRAMS = `
[program:sleeper]
command=/bin/sleep 1000

[program:marker]
command=/bin/sh -c 'trap "echo got-usr1" USR1; echo marker ready; while true; do if [ -f trigger ]; then cat trigger; rm -f trigger; fi; sleep 0.2; done'
directory=%(here)s
stdout_logfile=%(here)s/marker.log
stopasgroup=true
killasgroup=true

[program:xss]
command=/bin/sh -c 'echo "<script>window.pwned=1</script><img src=x onerror=window.pwned=2>"; exec /bin/sleep 1000'
stdout_logfile=%(here)s/xss.log

[program:quiet]
command=/bin/sh -c 'echo quiet-before-clear; exec /bin/sleep 1000'
stdout_logfile=%(here)s/quiet.log

[group:pool]
programs=w1,w2

[program:w1]
command=/bin/sleep 1001

[program:w2]
command=/bin/sleep 1002
`;
export const NAMESPECS = ['marker', 'pool:w1', 'pool:w2', 'quiet', 'sleeper', 'xss'];

export async function launchChromium(): Promise<Browser> {
  assert.ok(existsSync(CHROMIUM), `Debian chromium is required at ${CHROMIUM} (apt-get install -y chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Chromium with a 1280×800 context logged in as AUTH, on the daemon's page. */
export async function openDaemonPage(url: string): Promise<{ browser: Browser; context: BrowserContext; page: Page }> {
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, httpCredentials: AUTH });
  const page = await context.newPage();
  await page.goto(`${url}/`);
  return { browser, context, page };
}

export function row(spec: string): string {
  return `tr[data-namespec="${spec}"]`;
}

export async function waitForState(page: Page, spec: string, state: string, timeout: number): Promise<void> {
  await page.waitForSelector(`${row(spec)} .badge:text-is("${state}")`, { timeout });
}

/** A plain XML-RPC client for checking the daemon's side of what the page did. */
export function rpcClient(url: string): (method: string, ...params: XmlRpcValue[]) => Promise<XmlRpcValue> {
  const authorization = `Basic ${Buffer.from(`${AUTH.username}:${AUTH.password}`).toString('base64')}`;
  return async (method, ...params) => {
    const response = await fetch(`${url}/RPC2`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml', Authorization: authorization },
      body: encodeMethodCall(method, params),
    });
    return decodeMethodResponse(await response.text());
  };
}

/** Pretend the tab went to the background (or came back): the page reacts to visibilitychange. */
export async function setTabHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((value) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

/** Count the page's requests whose URL contains `part` while `body` runs; `body` reads the count. */
export async function countingRequests<T>(page: Page, part: string, body: (count: () => number, reset: () => void) => Promise<T>): Promise<T> {
  let requests = 0;
  const listener = (request: { url(): string }) => {
    if (request.url().includes(part)) requests += 1;
  };
  page.on('request', listener);
  try {
    return await body(() => requests, () => (requests = 0));
  } finally {
    page.off('request', listener);
  }
}
