/** The pure request checks of /RPC2 and the inet servers: table-driven. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crossSiteRpcRefusal, hostAllowed, hostNameOf } from '../../../src/rpc/browser-guard.js';
import { collectAllowList } from '../../../src/rpc/reachable-hosts.js';
import { PermitPool } from '../../../src/rpc/request-limits.js';

test('hostNameOf: port, brackets, case and a trailing dot removed; malformed is undefined', () => {
  const table: [string, string | undefined][] = [
    ['localhost', 'localhost'],
    ['LocalHost:9001', 'localhost'],
    ['127.0.0.1:80', '127.0.0.1'],
    ['[::1]:9001', '::1'],
    ['[::1]', '::1'],
    ['pi.local.', 'pi.local'],
    ['evil.example:9001:1', undefined],
    ['[::1', undefined],
    ['[::1]x', undefined],
    ['::1', undefined],
    ['', undefined],
    [':9001', undefined],
  ];
  for (const [header, name] of table) assert.equal(hostNameOf(header), name, header);
});

test('hostAllowed: exact names, .domain patterns and *', () => {
  const allowed = { names: new Set(['pi.example']), patterns: ['.lan'] };
  assert.ok(hostAllowed('pi.example', allowed));
  assert.ok(hostAllowed('lan', allowed));
  assert.ok(hostAllowed('nas.lan', allowed));
  assert.ok(!hostAllowed('xlan', allowed));
  assert.ok(!hostAllowed('pi.example.evil', allowed));
  assert.ok(hostAllowed('anything', { names: new Set(), patterns: ['*'] }));
});

test('collectAllowList: loopback, the bound address and configured names; a wildcard bind adds no name', () => {
  const list = collectAllowList({ boundHost: '192.0.2.7', configured: ['pi.example', '.lan', '*'] });
  for (const name of ['localhost', '127.0.0.1', '::1', '192.0.2.7', 'pi.example']) assert.ok(list.names.has(name), name);
  assert.deepEqual(list.patterns, ['.lan', '*']);
  assert.ok(!collectAllowList({ boundHost: '0.0.0.0', configured: [] }).names.has('0.0.0.0'));
});

test('crossSiteRpcRefusal: what a browser sends cross-site is refused, real clients pass', () => {
  const refused = [
    { contentType: 'text/plain' },
    { contentType: 'application/x-www-form-urlencoded' },
    { contentType: 'multipart/form-data; boundary=x' },
    { contentType: 'text/xmlx' },
    { contentType: 'text/xml', secFetchSite: 'cross-site' },
    { contentType: 'text/xml', secFetchSite: 'same-site' },
    { contentType: 'text/xml', secFetchSite: 'none' },
    { contentType: 'text/xml', origin: 'http://evil.example', host: '127.0.0.1:9001' },
    { contentType: 'text/xml', origin: 'null', host: '127.0.0.1:9001' },
  ];
  for (const headers of refused) assert.notEqual(crossSiteRpcRefusal(headers), undefined, JSON.stringify(headers));
  const accepted = [
    { contentType: 'text/xml', host: 'localhost' },
    { contentType: 'TEXT/XML; charset=utf-8' },
    { contentType: 'application/xml' },
    {},
    { contentType: 'text/xml', secFetchSite: 'same-origin' },
    { contentType: 'text/xml', origin: 'http://127.0.0.1:9001', host: '127.0.0.1:9001' },
  ];
  for (const headers of accepted) assert.equal(crossSiteRpcRefusal(headers), undefined, JSON.stringify(headers));
});

test('PermitPool: at most N at once, FIFO, a bounded queue, release is idempotent', async () => {
  const pool = new PermitPool(2, 1);
  const first = await pool.acquire()!;
  const second = await pool.acquire()!;
  const third = pool.acquire();
  assert.ok(third !== undefined);
  assert.equal(pool.acquire(), undefined, 'the queue of 1 is full');
  assert.equal(pool.busy, 2);
  first();
  first();
  const thirdRelease = await third;
  assert.equal(pool.busy, 2, 'the released permit went to the waiter');
  second();
  thirdRelease();
  assert.equal(pool.busy, 0);
});
