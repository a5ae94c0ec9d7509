/**
 * POST /api/rpc: the browser's XML-RPC endpoint. Same wire format and same methods as /RPC2, but
 * only after the CSRF checks (see csrf.ts for why) and only for the methods the page uses, so a
 * script injected into the page could not, say, shut the daemon down or add process groups.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Faults, RpcFault } from '../protocol/faults.js';
import type { XmlRpcValue } from '../protocol/types.js';
import { decodeMethodCall, encodeFault, encodeMethodResponse } from '../protocol/xmlrpc-codec.js';
import { applySecurityHeaders, NO_STORE, sendText } from './security-headers.js';

export type RpcCall = (method: string, params: XmlRpcValue[]) => Promise<XmlRpcValue>;

export const WEB_RPC_METHODS: ReadonlySet<string> = new Set([
  'supervisor.getAPIVersion',
  'supervisor.getSupervisorVersion',
  'supervisor.getIdentification',
  'supervisor.getState',
  'supervisor.getPID',
  'supervisor.getAllProcessInfo',
  'supervisor.getProcessInfo',
  'supervisor.getAllConfigInfo',
  'supervisor.startProcess',
  'supervisor.stopProcess',
  'supervisor.startProcessGroup',
  'supervisor.stopProcessGroup',
  'supervisor.startAllProcesses',
  'supervisor.stopAllProcesses',
  'supervisor.signalProcess',
  'supervisor.signalProcessGroup',
  'supervisor.clearProcessLogs',
  'supervisor.readLog',
  'supervisor.readProcessStdoutLog',
  'supervisor.readProcessStderrLog',
  'supervisor.tailProcessStdoutLog',
  'supervisor.tailProcessStderrLog',
]);

/** Largest request body the page ever needs (method calls with a name and a few scalars). */
export const MAX_WEB_RPC_BODY = 64 * 1024;

/** Why a call is refused, or undefined when every method in it (multicall included) is allowed. */
export function refusedMethod(methodName: string, params: XmlRpcValue[]): string | undefined {
  if (methodName !== 'system.multicall') return WEB_RPC_METHODS.has(methodName) ? undefined : methodName;
  const calls = params[0];
  if (!Array.isArray(calls)) return undefined; // the daemon answers INCORRECT_PARAMETERS itself
  for (const call of calls) {
    const name = call !== null && typeof call === 'object' && !Array.isArray(call) ? (call as Record<string, XmlRpcValue>).methodName : undefined;
    if (typeof name !== 'string' || !WEB_RPC_METHODS.has(name)) return typeof name === 'string' ? name : '(missing methodName)';
  }
  return undefined;
}

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyTooLargeError(`request body over ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function sendXml(res: ServerResponse, xml: string): void {
  applySecurityHeaders(res);
  const body = Buffer.from(xml, 'utf8');
  res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': String(body.length), 'Cache-Control': NO_STORE });
  res.end(body);
}

/** Run one already-authorised XML-RPC request body through the daemon and answer it. */
export async function answerWebRpc(req: IncomingMessage, res: ServerResponse, call: RpcCall): Promise<void> {
  let body: Buffer;
  try {
    body = await readBody(req, MAX_WEB_RPC_BODY);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendText(res, 413, 'Request body too large\n', { Connection: 'close' });
    throw error;
  }
  let request: { methodName: string; params: XmlRpcValue[] };
  try {
    request = decodeMethodCall(body, { maxBodyBytes: MAX_WEB_RPC_BODY });
  } catch (error) {
    return sendText(res, 400, `Bad XML-RPC request: ${(error as Error).message}\n`);
  }
  const refused = refusedMethod(request.methodName, request.params);
  if (refused !== undefined) {
    return sendXml(res, encodeFault(Faults.UNKNOWN_METHOD, `UNKNOWN_METHOD: ${refused} is not available to the web UI`));
  }
  let result: XmlRpcValue;
  try {
    result = await call(request.methodName, request.params);
  } catch (error) {
    if (error instanceof RpcFault || isFaultLike(error)) return sendXml(res, encodeFault(error.faultCode, error.faultString));
    return sendText(res, 500, `Internal error: ${(error as Error).message ?? String(error)}\n`);
  }
  sendXml(res, encodeMethodResponse(result));
}

function isFaultLike(error: unknown): error is { faultCode: number; faultString: string } {
  const candidate = error as { faultCode?: unknown; faultString?: unknown } | null;
  return typeof candidate?.faultCode === 'number' && typeof candidate.faultString === 'string';
}
