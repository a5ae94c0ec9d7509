/**
 * GET /api/events over a real HTTP socket, fed by a real in-process Supervisor with real child
 * processes: what the stream carries, and that the feed holds no timer or subscription once the
 * last page is gone.
 */
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createSupervisorNamespace } from '../../../src/daemon/rpc-namespace.js';
import { createDispatcher } from '../../../src/rpc/dispatch.js';
import { createWebHandler, type WebHandler } from '../../../src/web/handler.js';
import { configModel, processConfig, startInProcess, type InProcessDaemon } from '../../helpers/daemon-config.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';

interface Frame {
  event: string;
  data: any;
}

/** One open event stream: frames as they arrive. */
function openStream(port: number): Promise<{ frames: Frame[]; response: IncomingMessage; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/events', headers: { 'Sec-Fetch-Site': 'same-origin' } }, (response) => {
      const frames: Frame[] = [];
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) frames.push({ event, data: JSON.parse(data) });
        }
      });
      resolve({ frames, response, close: () => req.destroy() });
    });
    req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
    req.end();
  });
}

describe('/api/events live feed', { timeout: 60000 }, () => {
  let dir: string;
  let daemon: InProcessDaemon;
  let handler: WebHandler;
  let server: Server;
  let port: number;
  const last = (frames: Frame[], event: string) => frames.filter((frame) => frame.event === event).at(-1);

  before(async () => {
    dir = makeTempDir('svw-feed');
    daemon = startInProcess(
      configModel(dir, [
        processConfig('sleeper', '/bin/sleep 1000'),
        // stopasgroup: its children die with it (no orphans left behind by the test).
        processConfig('family', "/bin/sh -c '/bin/sleep 1001 & /bin/sleep 1002 & wait'", { stopasgroup: true, killasgroup: true }),
        processConfig('failing', "/bin/sh -c 'sleep 1.5; exit 4'", { autorestart: 'false' }),
      ]),
    );
    const dispatcher = createDispatcher(createSupervisorNamespace(daemon.supervisor));
    handler = createWebHandler({ doctor: null, feed: { usageMs: 200, hostMs: 60000, changeDelayMs: 10 } });
    handler.attachSupervisor(daemon.supervisor);
    server = createServer((req, res) => {
      void handler(req, res, { call: (method, params) => dispatcher.call(method, params), serverUrl: 'http://127.0.0.1' }).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    await daemon.waitState('sleeper', 'RUNNING');
    await daemon.waitState('family', 'RUNNING');
  });

  after(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await daemon?.stop();
    if (dir) removeTempDir(dir);
  });

  it('holds nothing before a page connects', () => {
    assert.equal(handler.feed.clientCount, 0);
    assert.equal(handler.feed.active, false);
  });

  it('sends the process list, usage of whole trees and host facts, then pushes state changes', async () => {
    const stream = await openStream(port);
    try {
      assert.equal(stream.response.statusCode, 200);
      assert.match(String(stream.response.headers['content-type']), /^text\/event-stream/);
      assert.equal(stream.response.headers['cache-control'], 'no-store');
      await waitFor('the first frames', () => ['processes', 'history', 'usage', 'host'].every((event) => last(stream.frames, event)));
      assert.equal(handler.feed.active, true);
      const first = last(stream.frames, 'processes')!.data;
      assert.equal(first.state.statename, 'RUNNING');
      const sleeper = first.processes.find((info: { name: string }) => info.name === 'sleeper');
      assert.equal(sleeper.pid, daemon.process('sleeper').pid);
      assert.equal(sleeper.restarts, 0);
      assert.equal(sleeper.lastExit, null);

      const usage = await waitFor('usage of the family tree', () => last(stream.frames, 'usage')?.data.processes.family);
      assert.equal(usage.pids, 3, 'sh and both sleeps');
      assert.ok(usage.rssBytes > 0 && usage.cpu >= 0);
      assert.equal(last(stream.frames, 'host')!.data.logDisk.path, dir);

      daemon.process('sleeper').stop();
      const stopped = await waitFor('STOPPED pushed', () =>
        stream.frames.filter((frame) => frame.event === 'processes').map((frame) => frame.data.processes.find((info: { name: string }) => info.name === 'sleeper')).find((info: { statename: string }) => info.statename === 'STOPPED'),
      );
      assert.equal(stopped.lastExit.signal, 'SIGTERM');
      assert.equal(stopped.lastExit.code, null);
      assert.equal(stopped.lastExit.expected, true, 'a requested stop is expected');
      assert.equal(stopped.exitstatus, -1, "Supervisor's own field stays as Supervisor has it");

      const failed = await waitFor('failing EXITED pushed', () =>
        last(stream.frames, 'processes')!.data.processes.find((info: { name: string; statename: string }) => info.name === 'failing' && info.statename === 'EXITED'),
      );
      assert.deepEqual({ code: failed.lastExit.code, signal: failed.lastExit.signal, expected: failed.lastExit.expected }, { code: 4, signal: null, expected: false });

      daemon.process('sleeper').start();
      const restarted = await waitFor('sleeper RUNNING again', () =>
        last(stream.frames, 'processes')!.data.processes.find((info: { name: string; statename: string }) => info.name === 'sleeper' && info.statename === 'RUNNING'),
      );
      assert.equal(restarted.restarts, 1);
    } finally {
      stream.close();
    }
    await waitFor('the feed to let go of the last page', () => handler.feed.clientCount === 0 && !handler.feed.active);
  });

  it('gives a second page the history at once and stops only when both are gone', async () => {
    const one = await openStream(port);
    await waitFor('a few samples', () => one.frames.filter((frame) => frame.event === 'usage').length >= 3);
    const two = await openStream(port);
    try {
      const history = await waitFor('history for the second page', () => last(two.frames, 'history')?.data);
      assert.ok(history.family.length >= 3, `history points (${history.family.length})`);
      assert.ok(history.family.every((point: { at: number; rssBytes: number }) => point.at > 0 && point.rssBytes > 0));
      await waitFor('usage at once, not after a period', () => last(two.frames, 'usage'));
      one.close();
      await waitFor('one page left', () => handler.feed.clientCount === 1);
      assert.equal(handler.feed.active, true);
    } finally {
      two.close();
    }
    await waitFor('nothing held', () => handler.feed.clientCount === 0 && !handler.feed.active);
  });

  it('refuses a cross-site stream and anything but GET', async () => {
    const status = (method: string, headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/api/events', method, headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    assert.equal(await status('GET', { 'Sec-Fetch-Site': 'cross-site' }), 403);
    assert.equal(await status('POST', { 'Sec-Fetch-Site': 'same-origin' }), 405);
    assert.equal(handler.feed.clientCount, 0);
  });
});
