/**
 * GET /api/log/<namespec>/<stdout|stderr> and /api/mainlog: the whole log as a file download.
 * Read through the same RPC methods as everything else (readProcess*Log / readLog with offset 0,
 * length 0 = whole file); faults for unknown names or missing files become 404.
 */
import type { ServerResponse } from 'node:http';
import { Faults } from '../protocol/faults.js';
import type { XmlRpcValue } from '../protocol/types.js';
import { applySecurityHeaders, NO_STORE, sendText } from './security-headers.js';

export interface LogDownloadRequest {
  method: string;
  params: XmlRpcValue[];
  filename: string;
}

/** What a download path asks for, or undefined when it is not a download path. */
export function parseLogDownloadPath(pathname: string): LogDownloadRequest | undefined {
  if (pathname === '/api/mainlog') return { method: 'supervisor.readLog', params: [0, 0], filename: 'supervisord.log' };
  const match = /^\/api\/log\/([^/]+)\/(stdout|stderr)$/.exec(pathname);
  if (!match) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
  const method = match[2] === 'stdout' ? 'supervisor.readProcessStdoutLog' : 'supervisor.readProcessStderrLog';
  return { method, params: [name, 0, 0], filename: `${safeFileName(name)}-${match[2]}.log` };
}

/** Header-safe file name: process names may hold any byte the config allows. */
export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'log';
}

export async function answerLogDownload(
  res: ServerResponse,
  request: LogDownloadRequest,
  call: (method: string, params: XmlRpcValue[]) => Promise<XmlRpcValue>,
): Promise<void> {
  let text: XmlRpcValue;
  try {
    text = await call(request.method, request.params);
  } catch (error) {
    const code = (error as { faultCode?: number }).faultCode;
    if (code === Faults.BAD_NAME || code === Faults.NO_FILE) return sendText(res, 404, `${(error as Error).message}\n`);
    return sendText(res, 500, `Cannot read log: ${(error as Error).message}\n`);
  }
  const body = Buffer.from(typeof text === 'string' ? text : '', 'utf8');
  applySecurityHeaders(res);
  res.writeHead(200, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(body.length),
    'Content-Disposition': `attachment; filename="${request.filename}"`,
    'Cache-Control': NO_STORE,
  });
  res.end(body);
}
