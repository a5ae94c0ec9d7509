/**
 * The web UI's HTTP side, plugged into every svwizd HTTP server behind its Basic auth (the RPC
 * server calls us for each authenticated request that is not /RPC2* or a log tail). It serves the
 * static page, hands the page a CSRF token, and relays the page's XML-RPC calls to the daemon.
 *
 *   GET  /  /index.html  /assets/<file>   the page (static, from assets/web)
 *   GET  /ok.html                         "OK" (Supervisor's health check URL)
 *   GET  /tail.html?processname=X         redirect to the page's log view for X (old bookmarks)
 *   GET  /api/session                     { csrfToken } and the session cookie it is bound to
 *   POST /api/rpc                         XML-RPC, CSRF-checked, allow-listed methods (rpc-proxy.ts)
 *   GET  /api/log/<name>/<channel>        log download;  GET /api/mainlog: main log download
 *   GET  /api/health                      the doctor's findings (only when the doctor is built)
 *   GET  /api/events                      server-sent events: process states, usage, host (live-feed.ts)
 *   GET  /metrics                         Prometheus text format, read at scrape time (metrics/)
 *   GET  /api/nodes                       the other supervisors of [node:x] sections (nodes.ts)
 *   POST /api/nodes/<name>/rpc            XML-RPC on node <name>, CSRF-checked, same allow-list
 *
 * Live tails use the RPC server's own /logtail and /mainlogtail streams.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  basicAuthUser,
  checkSameOrigin,
  createCsrfKeys,
  csrfTokenFor,
  isSessionId,
  newSessionId,
  readCookie,
  sessionCookie,
  verifyCsrfToken,
  type CsrfKeys,
} from './csrf.js';
import { createHealthService, type DoctorRunner, type HealthService } from './health.js';
import { createLiveFeed, type FeedSupervisor, type LiveFeed, type LiveFeedOptions } from './live-feed.js';
import { createNodesView, type NodesView } from './nodes.js';
import type { NodeConfig } from '../config/types.js';
import { answerLogDownload, parseLogDownloadPath } from './log-download.js';
import { readPackageVersion } from '../process/package-version.js';
import { answerWebRpc } from './rpc-proxy.js';
import { applySecurityHeaders, REVALIDATE, sendJson, sendText } from './security-headers.js';
import { assetNameForPath, defaultAssetsDir, loadStaticAssets, type StaticAsset } from './static-assets.js';
import { METRICS_PATH, type WebRequestHandler } from '../rpc/web-hook.js';
import { answerMetrics } from './metrics/metrics-endpoint.js';
import type { MetricsSupervisor } from './metrics/metrics-collect.js';

export type { WebRequestHandler } from '../rpc/web-hook.js';
type WebRequestContext = Parameters<WebRequestHandler>[2];

export interface WebHandlerOptions {
  /** Folder holding index.html and the other page files (default: the package's assets/web). */
  assetsDir?: string;
  /** HMAC key for CSRF tokens (default: random per daemon start, so tokens die with the daemon). */
  secret?: Buffer;
  /** The daemon's config file, for the health panel (src/bin/svwizd.ts passes the one it loaded). */
  configFile?: string;
  /** The doctor to run for /api/health (src/bin/svwizd.ts hands it in); without one, or null, there is no panel. */
  doctor?: DoctorRunner | null;
  /** Timings of the live feed (tests shorten them). */
  feed?: LiveFeedOptions;
}

/**
 * What the 401 page says: a person locked out of the page is on the machine's doorstep, and
 * Supervisor's bare "Unauthorized" does not tell them how to get back in. `svwiz init` re-run with
 * --yes keeps every earlier answer and changes only the password line (stored as {SHA}).
 */
export const UNAUTHORIZED_HINT =
  'Wrong or forgotten password? On the machine that runs svwiz, set a new one with ' +
  '"svwiz init --yes --overwrite --web-password NEW-PASSWORD" (with sudo for a system-wide setup; it keeps your ' +
  'earlier answers and stores only a {SHA} hash), then apply it with "svwizctl reload". ' +
  'A config written by hand: change password= in its [inet_http_server] section, then reload.';

/** What the handler reads from each life's supervisor: the live feed's needs and the [node:x] list. */
export type WebSupervisor = FeedSupervisor & MetricsSupervisor & { readonly config: { readonly nodes?: readonly NodeConfig[] } };

/** The handler, plus the seam through which the daemon bin hands it each life's supervisor. */
export interface WebHandler extends WebRequestHandler {
  attachSupervisor(supervisor: WebSupervisor): void;
  readonly feed: LiveFeed;
}

export function createWebHandler(options: WebHandlerOptions = {}): WebHandler {
  const keys = createCsrfKeys(options.secret);
  const feed = createLiveFeed(options.feed);
  const svwizVersion = readPackageVersion();
  // The handler lives as long as the daemon process (across restarts): uptime counts from its start.
  const daemonStartedAt = Date.now() / 1000 - process.uptime();
  let supervisor: MetricsSupervisor | undefined;
  const doctor = options.doctor ?? undefined;
  const health = doctor && createHealthService(doctor, options.configFile);
  // Replaced with each life's config, so a reload picks up [node:x] changes.
  let nodes: NodesView = createNodesView([]);
  let assets: Map<string, StaticAsset> | undefined;
  let assetsError: string | undefined;
  try {
    assets = loadStaticAssets(options.assetsDir ?? defaultAssetsDir());
  } catch (error) {
    // The daemon must still run (and /RPC2 serve) when the package lost its assets folder.
    assetsError = `web UI files missing: ${(error as Error).message}`;
  }

  const handler = async (req: IncomingMessage, res: ServerResponse, ctx: WebRequestContext): Promise<boolean> => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const pathname = query < 0 ? url : url.slice(0, query);
    const search = new URLSearchParams(query < 0 ? '' : url.slice(query + 1));
    const method = req.method ?? 'GET';

    if (pathname === METRICS_PATH) {
      answerMetrics(req, res, supervisor, { version: svwizVersion, startedAt: daemonStartedAt });
      return true;
    }
    if (pathname.startsWith('/api/')) return handleApi(req, res, ctx, { keys, health, feed, svwizVersion, nodes }, pathname, method);

    if (method !== 'GET' && method !== 'HEAD') {
      if (pathname === '/' || pathname === '/index.html' || pathname === '/ok.html' || pathname.startsWith('/assets/')) {
        sendText(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
        return true;
      }
      return false;
    }
    if (pathname === '/ok.html') {
      sendText(res, 200, 'OK', { 'Content-Type': 'text/html; charset=utf-8' });
      return true;
    }
    if (pathname === '/tail.html') {
      const name = search.get('processname') ?? '';
      applySecurityHeaders(res);
      res.writeHead(302, { Location: name ? `/?log=${encodeURIComponent(name)}` : '/', 'Cache-Control': 'no-store', 'Content-Length': '0' });
      res.end();
      return true;
    }
    const name = assetNameForPath(pathname);
    if (name === undefined) return false;
    if (!assets) {
      sendText(res, 500, `${assetsError}\n`);
      return true;
    }
    const asset = assets.get(name);
    if (!asset) return false;
    serveAsset(req, res, asset, method === 'HEAD');
    return true;
  };
  return Object.assign(handler, {
    attachSupervisor: (next: WebSupervisor) => {
      supervisor = next;
      nodes = createNodesView(next.config.nodes ?? []);
      feed.attach(next);
    },
    feed,
    unauthorizedHint: UNAUTHORIZED_HINT,
  });
}

function serveAsset(req: IncomingMessage, res: ServerResponse, asset: StaticAsset, headOnly: boolean): void {
  applySecurityHeaders(res);
  const headers = { 'Content-Type': asset.contentType, 'Cache-Control': REVALIDATE, ETag: asset.etag };
  if (req.headers['if-none-match'] === asset.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': String(asset.body.length) });
  res.end(headOnly ? undefined : asset.body);
}

async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: WebRequestContext,
  { keys, health, feed, svwizVersion, nodes }: { keys: CsrfKeys; health: HealthService | undefined; feed: LiveFeed; svwizVersion: string; nodes: NodesView },
  pathname: string,
  method: string,
): Promise<boolean> {
  const origin = checkSameOrigin({
    secFetchSite: header(req, 'sec-fetch-site'),
    origin: header(req, 'origin'),
    host: header(req, 'host'),
  });
  if (!origin.ok) {
    sendText(res, 403, `Cross-site request refused (${origin.reason})\n`);
    return true;
  }
  const authUser = basicAuthUser(header(req, 'authorization'));

  if (pathname === '/api/session') {
    if (method !== 'GET') return methodNotAllowed(res, 'GET');
    let sessionId = readCookie(header(req, 'cookie'), keys.cookieName);
    const extra: Record<string, string> = {};
    if (!isSessionId(sessionId)) {
      sessionId = newSessionId();
      extra['Set-Cookie'] = sessionCookie(keys, sessionId);
    }
    sendJson(res, 200, { csrfToken: csrfTokenFor(keys, sessionId, authUser), health: health !== undefined, nodes: nodes.names.length > 0, svwizVersion }, extra);
    return true;
  }

  if (pathname === '/api/events') {
    if (method !== 'GET') return methodNotAllowed(res, 'GET');
    feed.serve(req, res, ctx.call.bind(ctx));
    return true;
  }

  if (pathname === '/api/rpc') {
    if (method !== 'POST') return methodNotAllowed(res, 'POST');
    if (refusedPost(req, res, keys, authUser)) return true;
    await answerWebRpc(req, res, ctx.call.bind(ctx));
    return true;
  }

  if (pathname === '/api/nodes') {
    if (method !== 'GET') return methodNotAllowed(res, 'GET');
    sendJson(res, 200, await nodes.overview());
    return true;
  }

  const nodeRpc = /^\/api\/nodes\/([^/]+)\/rpc$/.exec(pathname);
  if (nodeRpc) {
    if (method !== 'POST') return methodNotAllowed(res, 'POST');
    if (refusedPost(req, res, keys, authUser)) return true;
    const name = decodeURIComponent(nodeRpc[1]!);
    await answerWebRpc(req, res, (rpcMethod, params) => nodes.call(name, rpcMethod, params));
    return true;
  }

  if (pathname === '/api/health' && health) {
    if (method !== 'GET') return methodNotAllowed(res, 'GET');
    try {
      sendJson(res, 200, await health.report());
    } catch (error) {
      sendJson(res, 500, { error: `the doctor failed: ${(error as Error).message}` });
    }
    return true;
  }

  const download = parseLogDownloadPath(pathname);
  if (download) {
    if (method !== 'GET') return methodNotAllowed(res, 'GET');
    await answerLogDownload(res, download, ctx.call.bind(ctx));
    return true;
  }
  sendText(res, 404, 'Not found\n');
  return true;
}

/** The checks every state-changing POST of the page passes; true when it was refused (and answered). */
function refusedPost(req: IncomingMessage, res: ServerResponse, keys: CsrfKeys, authUser: string): boolean {
  const sessionId = readCookie(header(req, 'cookie'), keys.cookieName);
  if (!verifyCsrfToken(keys, sessionId, authUser, header(req, 'x-csrf-token'))) {
    sendText(res, 403, 'CSRF token missing or invalid\n', { 'X-Svwiz-Refused': 'csrf' });
    return true;
  }
  // A non-simple content type also forces a CORS preflight, which this server never grants.
  if (!/^text\/xml\b/i.test(header(req, 'content-type') ?? '')) {
    sendText(res, 415, 'Content-Type must be text/xml\n');
    return true;
  }
  return false;
}

function methodNotAllowed(res: ServerResponse, allow: string): true {
  sendText(res, 405, 'Method not allowed\n', { Allow: allow });
  return true;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
