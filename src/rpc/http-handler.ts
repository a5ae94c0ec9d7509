/**
 * One HTTP request of a Supervisor-compatible server: Basic auth on every path, XML-RPC on
 * POST /RPC2*, the log-tail streams, then the optional web UI, else 404 (reference §3.1, §3.8, §3.9).
 * Every failure ends in an HTTP status or a <fault>; nothing thrown here reaches the server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
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
import type { RpcDispatcher } from './dispatch.js';
import { resolveLogtailTarget, streamLogtail } from './logtail.js';
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

/** Read a request body up to `maxBytes`; undefined when it is larger (the caller answers 413). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > maxBytes) {
        tooLarge = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!tooLarge) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function sendXml(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

async function handleXmlRpc(req: IncomingMessage, res: ServerResponse, options: RequestHandlerOptions): Promise<void> {
  if (req.method !== 'POST') return sendError(res, 400);
  // Medusa's collector needs a Content-Length (no chunked request bodies): 411 otherwise.
  if (req.headers['content-length'] === undefined) return sendError(res, 411, { Connection: 'close' });
  const limits = { ...DEFAULT_REQUEST_LIMITS, ...options.limits };
  if (Number(req.headers['content-length']) > limits.maxBodyBytes) return sendError(res, 413, { Connection: 'close' });
  const body = await readBody(req, limits.maxBodyBytes);
  if (body === undefined) return sendError(res, 413, { Connection: 'close' });

  let call: { methodName: string; params: XmlRpcValue[] };
  try {
    call = decodeMethodCall(body, limits);
  } catch (error) {
    if (!(error instanceof XmlRpcParseError)) throw error;
    options.log('error', `XML-RPC request data is invalid: ${error.message}`);
    return sendError(res, 400);
  }

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

async function route(req: IncomingMessage, res: ServerResponse, options: RequestHandlerOptions): Promise<void> {
  if (options.credentials) {
    const outcome = checkBasicAuth(req.headers.authorization, options.credentials);
    if (outcome !== 'ok') await drainBody(req, (options.limits?.maxBodyBytes ?? DEFAULT_REQUEST_LIMITS.maxBodyBytes));
    if (outcome === 'bad-request') return sendError(res, 400, { Connection: 'close' });
    if (outcome === 'unauthorized') {
      const hint = (req.url ?? '/').startsWith('/RPC2') ? undefined : options.web?.unauthorizedHint;
      return sendError(res, 401, { 'WWW-Authenticate': 'Basic realm="default"', Connection: 'close' }, hint);
    }
  }
  const url = req.url ?? '/';
  if (url.startsWith('/RPC2')) return handleXmlRpc(req, res, options);
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

export function createRequestHandler(options: RequestHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(req, res, options).catch((error: unknown) => {
      options.log('error', `HTTP request ${req.method} ${req.url} failed: ${(error as Error)?.stack ?? String(error)}`);
      sendError(res, 500);
    });
  };
}
