/**
 * A minimal XML-RPC client for daemon tests (unix socket or http), independent of svwizctl so
 * daemon tests do not depend on the client under construction; and a runner for the svwizd bin.
 */
import { request } from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeMethodResponse, encodeMethodCall } from '../../src/protocol/xmlrpc-codec.js';
import type { XmlRpcValue } from '../../src/protocol/types.js';
import { isAlive } from './processes.js';
import { testBin } from './bins.js';
import { waitFor } from './temp.js';

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

export const SVWIZD_BIN = testBin('svwizd');

export interface RunningSvwizd {
  child: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for exit; resolves the exit code. */
  stop: () => Promise<number | null>;
}

/** Write DIR/svwizd.conf and run `svwizd -n -c` on it until `socketPath` exists. */
export async function startSvwizd(dir: string, configText: string, socketPath: string, extraArgs: string[] = [], env?: NodeJS.ProcessEnv): Promise<RunningSvwizd> {
  const configPath = path.join(dir, 'svwizd.conf');
  writeFileSync(configPath, configText);
  const child = spawn(process.execPath, [SVWIZD_BIN, '-n', '-c', configPath, ...extraArgs], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await waitFor(`svwizd socket ${socketPath}`, () => {
    if (child.exitCode !== null) throw new Error(`svwizd exited ${child.exitCode}: ${output}`);
    return existsSync(socketPath);
  });
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid && isAlive(child.pid)) {
        child.kill('SIGTERM');
        await waitFor('svwizd exit', () => child.exitCode !== null || child.signalCode !== null, { timeoutMs: 30000 });
      }
      return child.exitCode;
    },
  };
}
