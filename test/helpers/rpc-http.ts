/** Raw HTTP requests against an RPC server (unix socket or TCP), for tests of status codes and bodies. */
import http from 'node:http';
import { encodeMethodCall, decodeMethodResponse } from '../../src/protocol/xmlrpc-codec.js';
import type { XmlRpcValue } from '../../src/protocol/types.js';

export type Endpoint = { socketPath: string } | { port: number };

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export function rawRequest(
  endpoint: Endpoint,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; agent?: http.Agent; timeoutMs?: number },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        ...('socketPath' in endpoint ? { socketPath: endpoint.socketPath } : { host: '127.0.0.1', port: endpoint.port }),
        method: options.method ?? 'POST',
        path: options.path ?? '/RPC2',
        headers: {
          ...(options.body !== undefined && !options.headers?.['Transfer-Encoding']
            ? { 'Content-Type': 'text/xml', 'Content-Length': String(Buffer.byteLength(options.body)) }
            : {}),
          ...options.headers,
        },
        agent: options.agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 30000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** One XML-RPC call; resolves to the value, rejects with RpcFault for a fault or Error for a non-200 status. */
export async function xmlRpcCall(
  endpoint: Endpoint,
  method: string,
  params: XmlRpcValue[],
  headers: Record<string, string> = {},
): Promise<XmlRpcValue> {
  const response = await rawRequest(endpoint, { body: encodeMethodCall(method, params), headers });
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  return decodeMethodResponse(response.body);
}

/** Open a streaming GET (log tail); collects the body until `stop()` is called. */
export function openStream(
  endpoint: Endpoint,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: () => string; stop: () => void }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const req = http.request(
      {
        ...('socketPath' in endpoint ? { socketPath: endpoint.socketPath } : { host: '127.0.0.1', port: endpoint.port }),
        method: 'GET',
        path,
        headers,
        agent: false,
      },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', () => undefined);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: () => text, stop: () => req.destroy() });
      },
    );
    req.on('error', (error) => reject(error));
    req.end();
  });
}
