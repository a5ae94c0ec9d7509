/**
 * One HTTP request of a Supervisor-compatible server: Basic auth on every path, XML-RPC on
 * POST /RPC2*, the log-tail streams, then the optional web UI, else 404 (reference §3.1, §3.8, §3.9).
 * Every failure ends in an HTTP status or a <fault>; nothing thrown here reaches the server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { setImmediate } from 'node:timers/promises';
import { RpcFault } from '../protocol/faults.js';
import type { DaemonHttpHooks, XmlRpcValue } from '../protocol/types.js';
import {
  DEFAULT_REQUEST_LIMITS,
  decodeMethodCall,
  encodeFault,
  encodeMethodResponse,
  XmlRpcParseError,
  type XmlRpcLimits,
} from '../protocol/xmlrpc-codec.js';
import { checkBasicAuth, type ServerCredentials } from './basic-auth.js';
import { crossSiteRpcRefusal, hostNameOf } from './browser-guard.js';
import type { RpcDispatcher } from './dispatch.js';
import { resolveLogtailTarget, streamLogtail } from './logtail.js';
import { BODY_TIMEOUT_MS, SMALL_BODY_BYTES, type PermitPool } from './request-limits.js';
import type { WebRequestHandler } from './web-hook.js';

export type RpcLog = (level: 'crit' | 'error' | 'warn' | 'info' | 'debug', message: string) => void;

export interface RequestHandlerOptions {
  credentials: ServerCredentials | null;
  dispatcher: RpcDispatcher;
  hooks: DaemonHttpHooks;
  log: RpcLog;
  web?: WebRequestHandler;
  serverUrl: string;
  limits?: Partial<XmlRpcLimits>;
  /** Permits for buffering and parsing bodies larger than SMALL_BODY_BYTES (shared by every server). */
  largeBodies: PermitPool;
  /** Inet servers only: the Host names this server answers to (DNS-rebinding guard). */
  hosts?: { allows(name: string): boolean; section: string };
  /** GET/HEAD on these paths skips Basic auth (`metrics_auth = false` opens /metrics, issue 17). */
  openPaths?: ReadonlySet<string>;
  /** True once the servers are closing: log-tail streams end. */
  closing: () => boolean;
}

function errorPage(code: number, hint?: string): string {
  const reason = STATUS_CODES[code] ?? 'Error';
  const extra = hint ? `<p>${hint.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}\r\n` : '';
  return (
    `<html>\r\n<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n<h1>Error response</h1>\r\n` +
    `<p>Error code ${code}.\r\n<p>Message: ${reason}.\r\n${extra}</body>\r\n</html>\r\n`
  );
}

export function sendError(res: ServerResponse, code: number, extraHeaders: Record<string, string> = {}, hint?: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = errorPage(code, hint);
  res.writeHead(code, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(body), ...extraHeaders });
  res.end(body);
}

/** A refusal the client can act on: the status, and a plain-text body saying what and why. */
function sendRefusal(res: ServerResponse, code: number, text: string, extraHeaders: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `${text}\n`;
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), Connection: 'close', ...extraHeaders });
  res.end(body);
}

type BodyOutcome = { body: Buffer } | { failed: 'timeout' | 'aborted' };

/**
 * Read a body of exactly `length` bytes (Node's parser enforces Content-Length) into one buffer
 * allocated when the first byte arrives: no chunk list, no concat copy. Bounded in time, so a
 * client that sends its body slowly cannot hold the buffer and the connection.
 */
function readBody(req: IncomingMessage, length: number): Promise<BodyOutcome> {
  return new Promise((resolve) => {
    let buffer: Buffer | undefined;
    let filled = 0;
    const finish = (outcome: BodyOutcome) => {
      clearTimeout(timer);
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onAbort);
      req.removeListener('close', onAbort);
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      buffer ??= Buffer.allocUnsafe(length);
      filled += chunk.copy(buffer, filled);
    };
    const onEnd = () => finish({ body: buffer ? buffer.subarray(0, filled) : Buffer.alloc(0) });
    const onAbort = () => finish({ failed: 'aborted' });
    const timer = setTimeout(() => finish({ failed: 'timeout' }), BODY_TIMEOUT_MS);
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onAbort);
    req.once('close', onAbort);
  });
}

function sendXml(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Read and decode the call, holding a permit while a large body is buffered and parsed; undefined once an error was answered. */
async function receiveCall(
  req: IncomingMessage,
  res: ServerResponse,
  options: RequestHandlerOptions,
  noteRefusal: (line: string) => void,
): Promise<{ methodName: string; params: XmlRpcValue[] } | undefined> {
  // Medusa's collector needs a Content-Length (no chunked request bodies): 411 otherwise.
  if (req.headers['content-length'] === undefined) return void sendError(res, 411, { Connection: 'close' });
  const limits = { ...DEFAULT_REQUEST_LIMITS, ...options.limits };
  const declared = req.headers['content-length'];
  const length = Number(declared);
  // Refused from the header alone: nothing of an oversized body is read.
  if (!(length <= limits.maxBodyBytes)) {
    noteRefusal(`refused an XML-RPC request of ${declared} bytes (the limit is ${limits.maxBodyBytes})`);
    return void sendRefusal(res, 413, `XML-RPC request body of ${declared} bytes refused: svwizd accepts at most ${limits.maxBodyBytes} bytes on /RPC2.`);
  }
  let release = () => {};
  if (length > SMALL_BODY_BYTES) {
    const permit = options.largeBodies.acquire();
    if (permit === undefined) {
      noteRefusal(`refused an XML-RPC request of ${declared} bytes: too many large requests at once`);
      return void sendRefusal(res, 503, `Too many large XML-RPC requests at once (over ${SMALL_BODY_BYTES} bytes each); try again shortly.`, { 'Retry-After': '1' });
    }
    release = await permit;
  }
  try {
    if (res.destroyed) return undefined; // the client went away while waiting for a permit
    const read = await readBody(req, length);
    if ('failed' in read) {
      if (read.failed === 'timeout') sendRefusal(res, 408, `XML-RPC request body did not arrive within ${BODY_TIMEOUT_MS / 1000} s.`);
      return undefined;
    }
    try {
      if (length > SMALL_BODY_BYTES) {
        // A large parse blocks the event loop for a while: let pending I/O (getState from others) in first.
        await setImmediate();
      }
      return decodeMethodCall(read.body, limits);
    } catch (error) {
      if (!(error instanceof XmlRpcParseError)) throw error;
      options.log('error', `XML-RPC request data is invalid: ${error.message}`);
      return void sendError(res, 400);
    }
  } finally {
    release();
  }
}

async function handleXmlRpc(req: IncomingMessage, res: ServerResponse, options: RequestHandlerOptions, noteRefusal: (line: string) => void): Promise<void> {
  if (req.method !== 'POST') return sendError(res, 400);
  const call = await receiveCall(req, res, options, noteRefusal);
  if (call === undefined) return;

  let responseXml: string;
  try {
    const value = await options.dispatcher.call(call.methodName, call.params);
    responseXml = encodeMethodResponse(value);
  } catch (error) {
    if (!(error instanceof RpcFault)) {
      options.log('crit', `Handling XML-RPC request ${call.methodName}() raised an unexpected exception: ${(error as Error)?.stack ?? String(error)}`);
      return sendError(res, 500);
    }
    responseXml = encodeFault(error.faultCode, error.faultString);
  }
  if (res.destroyed) return; // the client gave up while a deferred call was running
  sendXml(res, responseXml);
}

function isLogtailPath(url: string): boolean {
  return url.startsWith('/logtail') || url.startsWith('/mainlogtail');
}

/**
 * Wait until the client has sent its (small) body before refusing a request: closing the
 * connection while supervisorctl is still writing makes it fail with EPIPE ("Broken pipe")
 * instead of reading our 401. Bounded in bytes and time, so a client cannot hold us.
 */
function drainBody(req: IncomingMessage, maxBytes: number): Promise<void> {
  if (req.complete || req.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    let size = 0;
    const done = () => {
      clearTimeout(timer);
      req.removeListener('data', onData);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) done();
    };
    const timer = setTimeout(done, DRAIN_TIMEOUT_MS);
    req.on('data', onData);
    req.once('end', done);
    req.once('error', done);
    req.once('close', done);
  });
}

const DRAIN_TIMEOUT_MS = 2000;

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Why a request is refused before auth (foreign Host, cross-site /RPC2), or undefined: a short summary for the log, the text for the client. */
function browserRefusal(req: IncomingMessage, url: string, options: RequestHandlerOptions): { summary: string; text: string } | undefined {
  const host = header(req, 'host');
  if (options.hosts && host !== undefined) {
    const name = hostNameOf(host);
    if (name === undefined || !options.hosts.allows(name)) {
      const summary = `Host ${JSON.stringify(host)} is not a name of this machine`;
      return {
        summary,
        text:
        `Host ${JSON.stringify(host)} refused: this server answers only to the names it is reachable by (its address, ` +
        `localhost, the machine's host names and interface addresses), which guards against DNS rebinding. ` +
        `To allow this name, add it to allowed_hosts= in [${options.hosts.section}] and restart svwizd.`,
      };
    }
  }
  if (url.startsWith('/RPC2') && req.method === 'POST') {
    const reason = crossSiteRpcRefusal({
      secFetchSite: header(req, 'sec-fetch-site'),
      origin: header(req, 'origin'),
      host,
      contentType: header(req, 'content-type'),
    });
    if (reason !== undefined) {
      return {
        summary: `cross-site request (${reason})`,
        text:
        `Cross-site XML-RPC request refused (${reason}): /RPC2 does not accept what a web page on another site makes ` +
        'a browser send. XML-RPC clients send Content-Type: text/xml and no Origin; use the web UI for browser access.',
      };
    }
  }
  return undefined;
}

function isOpenRequest(req: IncomingMessage, openPaths: ReadonlySet<string> | undefined): boolean {
  if (!openPaths || openPaths.size === 0 || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return openPaths.has(query < 0 ? url : url.slice(0, query));
}

async function route(req: IncomingMessage, res: ServerResponse, options: RequestHandlerOptions, noteRefusal: (line: string) => void): Promise<void> {
  const drainLimit = options.limits?.maxBodyBytes ?? DEFAULT_REQUEST_LIMITS.maxBodyBytes;
  const refusal = browserRefusal(req, req.url ?? '/', options);
  if (refusal !== undefined) {
    noteRefusal(`refused ${req.method} ${req.url}: ${refusal.summary}`);
    await drainBody(req, drainLimit);
    return sendRefusal(res, 403, refusal.text);
  }
  if (options.credentials && !isOpenRequest(req, options.openPaths)) {
    const outcome = checkBasicAuth(req.headers.authorization, options.credentials);
    if (outcome !== 'ok') await drainBody(req, drainLimit);
    if (outcome === 'bad-request') return sendError(res, 400, { Connection: 'close' });
    if (outcome === 'unauthorized') {
      const hint = (req.url ?? '/').startsWith('/RPC2') ? undefined : options.web?.unauthorizedHint;
      return sendError(res, 401, { 'WWW-Authenticate': 'Basic realm="default"', Connection: 'close' }, hint);
    }
  }
  const url = req.url ?? '/';
  if (url.startsWith('/RPC2')) return handleXmlRpc(req, res, options, noteRefusal);
  if (isLogtailPath(url)) {
    if (req.method !== 'GET') return sendError(res, 400);
    const target = resolveLogtailTarget(url, options.hooks);
    if (target.kind === 'not-found') return sendError(res, 404);
    return streamLogtail(req, res, target, options.closing);
  }
  if (options.web) {
    const context = {
      call: (method: string, params: XmlRpcValue[]) => options.dispatcher.call(method, params),
      serverUrl: options.serverUrl,
    };
    if (await options.web(req, res, context)) return;
  }
  sendError(res, 404);
}

/** Refusals are logged at most once per interval (a hostile page can send thousands), with a count of the rest. */
const REFUSAL_LOG_INTERVAL_MS = 10_000;

function refusalLogger(log: RpcLog): (line: string) => void {
  let lastAt = -Infinity;
  let unlogged = 0;
  return (line) => {
    const now = Date.now();
    if (now - lastAt < REFUSAL_LOG_INTERVAL_MS) {
      unlogged += 1;
      return;
    }
    log('warn', unlogged > 0 ? `${line} (and ${unlogged} more refused requests since the last such line)` : line);
    lastAt = now;
    unlogged = 0;
  };
}

export function createRequestHandler(options: RequestHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const noteRefusal = refusalLogger(options.log);
  return (req, res) => {
    route(req, res, options, noteRefusal).catch((error: unknown) => {
      options.log('error', `HTTP request ${req.method} ${req.url} failed: ${(error as Error)?.stack ?? String(error)}`);
      sendError(res, 500);
    });
  };
}
