/**
 * A minimal XML-RPC client for daemon tests (unix socket or http), independent of svwizctl so
 * daemon tests do not depend on the client under construction. Tests start the daemon with svwizd-daemon.ts.
 */
import { request } from 'node:http';
import { decodeMethodResponse, encodeMethodCall } from '../../src/protocol/xmlrpc-codec.js';
import type { XmlRpcValue } from '../../src/protocol/types.js';

export function rpcCall(serverUrl: string, method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
  const body = encodeMethodCall(method, params);
  const target = serverUrl.startsWith('unix://')
    ? { socketPath: serverUrl.slice('unix://'.length), host: 'localhost' }
    : { host: new URL(serverUrl).hostname, port: Number(new URL(serverUrl).port) };
  return new Promise((resolve, reject) => {
    const req = request({ ...target, method: 'POST', path: '/RPC2', headers: { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        if (res.statusCode !== 200) {
          reject(new Error(`HTTP ${res.statusCode} for ${method}`));
          return;
        }
        try {
          resolve(decodeMethodResponse(Buffer.concat(chunks)));
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
