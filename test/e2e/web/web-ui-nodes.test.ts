/**
 * The web UI's Nodes view in real headless Chromium: the page's svwizd shows five other
 * supervisors from its [node:x] sections — a real Python supervisord over HTTP with auth (whose
 * own config has a [node:x] section it must ignore), a second svwizd on a unix socket, a server
 * that accepts and never answers, a port nobody listens on, and a wrong password. The dead ones
 * say why without holding up the others; actions on a node act on that node; the relay keeps the
 * page's CSRF and method rules; it fits a phone; it asks nobody while the panel is closed.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { XmlRpcValue } from '../../../src/protocol/types.js';
import { decodeMethodResponse, encodeMethodCall } from '../../../src/protocol/xmlrpc-codec.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import { rpcCall } from '../../helpers/daemon-rpc.js';
import { startPythonSupervisord, type RunningSupervisord } from '../../helpers/python-supervisord.js';
import { freePort, startSvwizd, startWebSvwizd, type RunningSvwizd, type WebSvwizd } from '../../helpers/svwizd-daemon.js';
import { AUTH, countingRequests, launchChromium } from './web-e2e-setup.js';

const PY_AUTH = { username: 'pyuser', password: 'py-secret-9' };

function card(node: string): string {
  return `#nodes li[data-node="${node}"]`;
}

function pythonConfig(dir: string, port: number): string {
  return `[unix_http_server]
file=${dir}/s.sock

[inet_http_server]
port=127.0.0.1:${port}
username=${PY_AUTH.username}
password=${PY_AUTH.password}

[supervisord]
logfile=${dir}/main.log
pidfile=${dir}/d.pid
childlogdir=${dir}
identifier=py-node

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

; svwizd's own section: Python supervisord 4.2.5 must start with it and ignore it.
[node:back]
serverurl=http://127.0.0.1:1
timeout=1

[program:pyapp]
command=/bin/sleep 1000
startsecs=0

[program:pyidle]
command=/bin/sleep 1000
autostart=false
startsecs=0
`;
}

describe('Nodes view in headless Chromium', { timeout: 240000 }, () => {
  let dirs: string[] = [];
  let python: RunningSupervisord;
  let pythonPort: number;
  let second: RunningSvwizd;
  let secondDir: string;
  let hung: Server;
  const hungSockets: Socket[] = [];
  let daemon: WebSvwizd;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const onPython = (method: string, ...params: XmlRpcValue[]) => rpcCall(`unix://${python.socketPath}`, method, ...params);
  const onSecond = (method: string, ...params: XmlRpcValue[]) => rpcCall(`unix://${secondDir}/s.sock`, method, ...params);
  const stateOn = async (call: typeof onPython, name: string) => ((await call('supervisor.getProcessInfo', name)) as { statename: string }).statename;

  before(async () => {
    const pyDir = makeTempDir('svw-nodepy');
    secondDir = makeTempDir('svw-nodesv');
    const dir = makeTempDir('svw-nodes');
    dirs = [pyDir, secondDir, dir];
    pythonPort = await freePort();
    python = await startPythonSupervisord(pyDir, pythonConfig(pyDir, pythonPort), path.join(pyDir, 's.sock'));
    second = await startSvwizd(
      secondDir,
      daemonConfigText(secondDir, '[program:svapp]\ncommand=/bin/sleep 1000\nstartsecs=0\n\n[program:svtwo]\ncommand=/bin/sleep 1001\nstartsecs=0\n', 'identifier=sv-node'),
    );
    // Accepts the connection and never answers: only the per-node timeout ends the wait.
    hung = createServer((socket) => hungSockets.push(socket));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const hungPort = (hung.address() as { port: number }).port;
    const refusedPort = await freePort();
    const nodes = `
[node:py]
serverurl=http://127.0.0.1:${pythonPort}
username=${PY_AUTH.username}
password=${PY_AUTH.password}

[node:sv]
serverurl=unix://${secondDir}/s.sock

[node:hung]
serverurl=http://127.0.0.1:${hungPort}
timeout=1

[node:refused]
serverurl=http://127.0.0.1:${refusedPort}

[node:badpw]
serverurl=http://127.0.0.1:${pythonPort}
username=${PY_AUTH.username}
password=not-the-password
`;
    daemon = await startWebSvwizd(dir, AUTH, `[program:local]\ncommand=/bin/sleep 1000\n${nodes}`);
    browser = await launchChromium();
    // The browser's own basic-auth prompt answered (httpCredentials), desktop size.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, httpCredentials: AUTH });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`http://127.0.0.1:${daemon.port}/`);
  });

  after(async () => {
    await browser?.close();
    await daemon?.stop();
    for (const socket of hungSockets) socket.destroy();
    hung?.close();
    await second?.stop();
    await python?.stop();
    for (const dir of dirs) removeTempDir(dir);
  });

  it('shows every node: the live ones with their processes, the dead ones with why', async () => {
    await page.waitForSelector(`${card('py')} .badge:text-is("RUNNING")`, { timeout: 15000 });
    assert.equal(await page.textContent(`${card('py')} .node-line`), '1 of 2 running · Supervisor API 4.2.5');
    assert.match((await page.textContent(`${card('py')} .node-url`)) ?? '', new RegExp(`^py-node · http://127\\.0\\.0\\.1:${pythonPort}$`));
    assert.equal(await page.textContent(`${card('sv')} .node-line`), '2 of 2 running · Supervisor API 4.2.5');
    assert.equal(await page.textContent(`${card('hung')} .node-line`), 'unreachable: no answer within 1 s');
    assert.equal(await page.textContent(`${card('refused')} .node-line`), 'unreachable: refused connection');
    assert.match((await page.textContent(`${card('badpw')} .node-line`)) ?? '', /^unreachable: wrong username or password \(HTTP 401\)/);
    assert.equal(await page.textContent('#nodes-summary'), '3 of 5 unreachable');
    assert.ok(hungSockets.length > 0, 'the hung node was really asked');
    const pageText = (await page.textContent('body')) ?? '';
    assert.doesNotMatch(pageText, new RegExp(PY_AUTH.password), 'a node password never reaches the page');
    assert.ok(await page.isHidden('#banner'), `no banner (${await page.textContent('#banner')})`);
    assert.deepEqual(errors, []);
  });

  it('answers for all nodes as soon as the slowest one times out, not later', async () => {
    const authorization = `Basic ${Buffer.from(`${AUTH.username}:${AUTH.password}`).toString('base64')}`;
    const started = Date.now();
    const response = await fetch(`${daemon.url}/api/nodes`, { headers: { Authorization: authorization } });
    const elapsed = Date.now() - started;
    const nodes = (await response.json()) as { name: string; reachable: boolean }[];
    assert.deepEqual(nodes.map(({ name, reachable }) => `${name} ${reachable}`), ['py true', 'sv true', 'hung false', 'refused false', 'badpw false']);
    // The hung node's timeout is 1 s; nodes are asked in parallel, so the answer never waits for their sum.
    assert.ok(elapsed >= 900 && elapsed < 4000, `answered in ${elapsed} ms`);
  });

  it('acts on the node the button belongs to', async () => {
    await page.click(`${card('py')} button[aria-label="Stop pyapp on py"]`);
    await waitFor('pyapp stopped on the Python node', async () => (await stateOn(onPython, 'pyapp')) === 'STOPPED');
    await page.click(`${card('py')} button[aria-label="Start pyidle on py"]`);
    await waitFor('pyidle running on the Python node', async () => (await stateOn(onPython, 'pyidle')) === 'RUNNING');
    await page.waitForSelector('#toasts :text("py: pyidle started")', { timeout: 5000 });
    await page.click(`${card('sv')} button[aria-label="Stop every process on sv"]`);
    await waitFor('everything stopped on the svwizd node', async () => (await stateOn(onSecond, 'svapp')) === 'STOPPED' && (await stateOn(onSecond, 'svtwo')) === 'STOPPED');
    await page.click(`${card('sv')} button[aria-label="Restart svapp on sv"]`);
    await waitFor('svapp restarted on the svwizd node', async () => (await stateOn(onSecond, 'svapp')) === 'RUNNING');
    assert.equal(await stateOn(onSecond, 'svtwo'), 'STOPPED', 'restarting one process touched no other');
    await page.waitForSelector('tr[data-namespec="local"] .badge:text-is("RUNNING")');
    await page.waitForSelector(`${card('sv')} .node-line:text-is("1 of 2 running · Supervisor API 4.2.5")`, { timeout: 10000 });
  });

  it('keeps the page\'s rules on the relay: CSRF, the method allow-list, known node names', async () => {
    const authorization = `Basic ${Buffer.from(`${AUTH.username}:${AUTH.password}`).toString('base64')}`;
    const body = encodeMethodCall('supervisor.getState', []);
    const post = (node: string, headers: Record<string, string>, xml = body) =>
      fetch(`${daemon.url}/api/nodes/${node}/rpc`, { method: 'POST', headers: { Authorization: authorization, 'Content-Type': 'text/xml', ...headers }, body: xml });
    assert.equal((await post('py', {})).status, 403, 'no CSRF token, no call');
    const session = await fetch(`${daemon.url}/api/session`, { headers: { Authorization: authorization } });
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const withToken = { Cookie: cookie, 'X-CSRF-Token': csrfToken };
    assert.deepEqual(decodeMethodResponse(await (await post('py', withToken)).text()), { statecode: 1, statename: 'RUNNING' });
    const shutdown = await (await post('py', withToken, encodeMethodCall('supervisor.shutdown', []))).text();
    assert.throws(() => decodeMethodResponse(shutdown), /UNKNOWN_METHOD: supervisor\.shutdown is not available to the web UI/);
    const unknown = await (await post('nope', withToken)).text();
    assert.throws(() => decodeMethodResponse(unknown), /BAD_NAME: no node named nope/);
    assert.equal(await stateOn(onPython, 'pyidle'), 'RUNNING', 'the Python node is still up (no shutdown went through)');
  });

  it('fits a phone-sized window', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, httpCredentials: AUTH });
    try {
      const small = await phone.newPage();
      await small.goto(`http://127.0.0.1:${daemon.port}/`);
      await small.waitForSelector(`${card('sv')} .badge:text-is("RUNNING")`, { timeout: 15000 });
      const { scrollWidth, innerWidth } = await small.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      assert.ok(scrollWidth <= innerWidth, `no sideways scrolling (${scrollWidth} > ${innerWidth})`);
      const box = await small.locator(`${card('hung')}`).boundingBox();
      assert.ok(box && box.width <= innerWidth, 'a node card fits the screen');
    } finally {
      await phone.close();
    }
  });

  it('asks the nodes only while the panel is open', async () => {
    await countingRequests(page, '/api/nodes', async (asked, reset) => {
      await page.click('#nodes > summary');
      assert.equal(await page.evaluate(() => (document.getElementById('nodes') as HTMLDetailsElement).open), false);
      reset();
      await new Promise((resolve) => setTimeout(resolve, 6000));
      assert.equal(asked(), 0, 'a closed panel asks nobody');
      await page.click('#nodes > summary');
      await waitFor('the panel to ask again once reopened', () => asked() > 0, { timeoutMs: 3000 });
    });
  });
});
