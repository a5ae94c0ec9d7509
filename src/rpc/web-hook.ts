/**
 * The seam between the RPC servers and the web UI: the servers call this for every authenticated
 * request that is neither XML-RPC (/RPC2*) nor a log-tail stream. `call` runs an XML-RPC method
 * through the same dispatcher (and so the same method table and faults) as remote clients use.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { XmlRpcValue } from '../protocol/types.js';

export type WebRequestHandler = ((
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { call(method: string, params: XmlRpcValue[]): Promise<XmlRpcValue>; serverUrl: string },
) => Promise<boolean>) & {
  /** Plain text added to the 401 page a browser shows (how to reset the password); never sent to /RPC2 clients. */
  unauthorizedHint?: string;
};

/**
 * Where the web handler serves Prometheus metrics. Named here because the servers need it too:
 * `metrics_auth = false` in a server's section lets GET on this path past Basic auth (issue 17).
 */
export const METRICS_PATH = '/metrics';
