/**
 * The XML-RPC client every svwiz tool uses to talk to a supervisor (svwizd or Python supervisord):
 * HTTP over a unix socket (`unix:///path`, Host: localhost, as supervisorctl sends) or TCP
 * (`http://host:port`), one persistent connection, Basic auth when both username and password
 * are known. Kept small and free of UI code: the doctor and the wizard import it too.
 */
import http from 'node:http';
import type { XmlRpcValue } from './types.js';
import { encodeMethodCall, decodeMethodResponse } from './xmlrpc-codec.js';
import { RpcConnectionError } from './rpc-connection-error.js';

export { RpcConnectionError };

export interface RpcAuth {
  username: string;
  password: string;
}

export interface RpcClient {
  call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue>;
  close(): void;
}

/** Where to connect, from a server URL: a unix socket path, or host and port. */
export type ServerEndpoint = { kind: 'unix'; socketPath: string } | { kind: 'http'; host: string; port: number };

export function parseServerUrl(serverUrl: string): ServerEndpoint {
  if (serverUrl.startsWith('unix://')) return { kind: 'unix', socketPath: serverUrl.slice('unix://'.length) };
  if (serverUrl.startsWith('http://')) {
    const url = new URL(serverUrl);
    // Credentials in the URL are ignored, as supervisorctl ignores them.
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost';
    return { kind: 'http', host, port: url.port ? Number(url.port) : 80 };
  }
  throw new RpcConnectionError(serverUrl, 'EPROTO', `Unknown protocol for serverurl ${serverUrl}`);
}

/**
 * Request options shared by RPC calls and log-tail streams. `servername` (TLS's SNI name, unused
 * by plain HTTP) is given for a unix socket so that Node's agent does not work it out from the
 * Host header: that runs `net.isIP('localhost')`, whose first call compiles the IPv6 pattern,
 * ~4 ms of every svwizctl start (a TCP connect runs isIP anyway).
 */
export function endpointRequestOptions(endpoint: ServerEndpoint): { socketPath?: string; servername?: string; host?: string; port?: number; headers: Record<string, string> } {
  return endpoint.kind === 'unix'
    ? { socketPath: endpoint.socketPath, servername: 'localhost', headers: { Host: 'localhost' } }
    : { host: endpoint.host, port: endpoint.port, headers: { Host: `${endpoint.host}:${endpoint.port}` } };
}

export function basicAuthHeader(auth: RpcAuth | undefined): string | undefined {
  if (!auth) return undefined;
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
}

export interface RpcClientOptions {
  /**
   * Give up on a call after this many ms without a byte from the server (connecting included),
   * with code ETIMEDOUT. Unset: wait as long as supervisorctl does (for ever). A page that shows
   * several supervisors sets it, so one that hangs cannot stall the others.
   */
  timeoutMs?: number;
}

export function createRpcClient(serverUrl: string, auth?: RpcAuth, options: RpcClientOptions = {}): RpcClient {
  let endpoint: ServerEndpoint | undefined;
  // One socket, kept alive between calls, like supervisorctl's persistent transport.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const authorization = basicAuthHeader(auth);

  const post = (body: string): Promise<string> =>
    new Promise((resolve, reject) => {
      endpoint ??= parseServerUrl(serverUrl);
      const base = endpointRequestOptions(endpoint);
      const payload = Buffer.from(body, 'utf8');
      const headers: http.OutgoingHttpHeaders = {
        ...base.headers,
        'User-Agent': 'svwizctl',
        'Content-Type': 'text/xml',
        Accept: 'text/xml',
        'Content-Length': payload.length,
      };
      if (authorization) headers.Authorization = authorization;
      const request = http.request({ ...base, agent, method: 'POST', path: '/RPC2', headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => reject(connectionError(serverUrl, error)));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status !== 200) {
            const reason = response.statusMessage ?? '';
            reject(new RpcConnectionError(serverUrl, `HTTP_${status}`, `${serverUrl} answered ${status} ${reason}`, { status, reason }));
            return;
          }
          resolve(Buffer.concat(chunks).toString('utf8'));
        });
      });
      request.on('error', (error) => reject(connectionError(serverUrl, error)));
      if (options.timeoutMs !== undefined) {
        const seconds = options.timeoutMs / 1000;
        request.setTimeout(options.timeoutMs, () =>
          request.destroy(new RpcConnectionError(serverUrl, 'ETIMEDOUT', `${serverUrl}: no answer within ${seconds} s`)),
        );
      }
      request.end(payload);
    });

  return {
    async call(method, ...params) {
      const xml = await post(encodeMethodCall(method, params));
      return decodeMethodResponse(xml);
    },
    close() {
      agent.destroy();
    },
  };
}

function connectionError(serverUrl: string, error: Error): RpcConnectionError {
  if (error instanceof RpcConnectionError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
  return new RpcConnectionError(serverUrl, code, `${serverUrl}: ${error.message}`, { cause: error });
}
