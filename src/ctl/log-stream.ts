/**
 * Follows a supervisor's chunked log-tail endpoint (/logtail/NAME[/CHANNEL], /mainlogtail), as
 * `tail -f`, `maintail -f` and `fg` do: every chunk goes to `onData` until the server ends the
 * stream or `signal` aborts it.
 */
import http from 'node:http';
import { basicAuthHeader, endpointRequestOptions, parseServerUrl, type RpcAuth } from '../protocol/transport.js';

export type LogStreamEnd =
  | { kind: 'ended' }
  | { kind: 'aborted' }
  | { kind: 'status'; status: number }
  | { kind: 'error'; error: Error };

export function followLogStream(
  serverUrl: string,
  path: string,
  options: { auth?: RpcAuth; signal?: AbortSignal; onData: (chunk: Buffer) => void },
): Promise<LogStreamEnd> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (end: LogStreamEnd): void => {
      if (settled) return;
      settled = true;
      agent?.destroy();
      resolve(end);
    };
    let request: http.ClientRequest;
    let agent: http.Agent | undefined;
    try {
      const base = endpointRequestOptions(parseServerUrl(serverUrl));
      const headers: http.OutgoingHttpHeaders = { ...base.headers, Accept: '*/*', 'User-Agent': 'svwizctl' };
      // supervisorctl sends credentials on these streams only when a password is set.
      if (options.auth?.password) headers.Authorization = basicAuthHeader(options.auth);
      // A keep-alive agent: with `Connection: close` Supervisor's HTTP server holds the whole
      // (endless) response back instead of streaming chunks.
      agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      request = http.request({ ...base, method: 'GET', path, headers, agent });
    } catch (error) {
      finish({ kind: 'error', error: error as Error });
      return;
    }
    request.on('error', (error) => finish(settled ? { kind: 'aborted' } : { kind: 'error', error }));
    const abort = (): void => {
      finish({ kind: 'aborted' });
      request.destroy();
    };
    if (options.signal?.aborted) return abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    request.on('response', (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        finish({ kind: 'status', status: response.statusCode ?? 0 });
        request.destroy();
        return;
      }
      response.on('data', (chunk: Buffer) => {
        if (!settled) options.onData(chunk);
      });
      response.on('end', () => finish({ kind: 'ended' }));
      response.on('error', () => finish({ kind: 'ended' }));
    });
    request.on('close', () => options.signal?.removeEventListener('abort', abort));
    request.end();
  });
}
