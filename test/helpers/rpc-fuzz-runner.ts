/**
 * Sends fuzz cases over keep-alive connections with bounded concurrency and checks each answer:
 * a decodable XML-RPC reply (value or fault) with 200, or a 4xx/500 status. Anything else — a
 * hang, a reset on a normal request, a 200 whose body is not XML-RPC — is collected as a failure.
 */
import http from 'node:http';
import { decodeMethodResponse } from '../../src/protocol/xmlrpc-codec.js';
import { RpcFault } from '../../src/protocol/faults.js';
import type { Endpoint } from './rpc-http.js';
import type { FuzzCase } from './rpc-fuzz-cases.js';

export interface FuzzTally {
  total: number;
  byStatus: Record<string, number>;
  byKind: Record<string, number>;
  faults: number;
  failures: string[];
}

const ACCEPTED_STATUSES = new Set([200, 400, 401, 404, 411, 413, 500]);

function send(endpoint: Endpoint, agent: http.Agent, fuzzCase: FuzzCase, timeoutMs: number): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        ...('socketPath' in endpoint ? { socketPath: endpoint.socketPath } : { host: '127.0.0.1', port: endpoint.port }),
        method: fuzzCase.method,
        path: fuzzCase.path,
        headers: {
          ...fuzzCase.headers,
          ...(fuzzCase.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(fuzzCase.body)) } : {}),
        },
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          // A log tail never ends on its own: the head is enough.
          if (fuzzCase.path.includes('logtail')) req.destroy();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('close', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    if (fuzzCase.body !== undefined) req.write(fuzzCase.body);
    req.end();
  });
}

export async function runFuzz(
  endpoints: Endpoint[],
  cases: Iterable<FuzzCase>,
  { concurrency = 8, timeoutMs = 20000 } = {},
): Promise<FuzzTally> {
  const agents = endpoints.map(() => new http.Agent({ keepAlive: true, maxSockets: concurrency }));
  const tally: FuzzTally = { total: 0, byStatus: {}, byKind: {}, faults: 0, failures: [] };
  const iterator = cases[Symbol.iterator]();
  let index = 0;
  const worker = async () => {
    for (;;) {
      const next = iterator.next();
      if (next.done) return;
      const fuzzCase = next.value;
      const which = index++ % endpoints.length;
      const answer = await send(endpoints[which], agents[which], fuzzCase, timeoutMs);
      tally.total += 1;
      tally.byKind[fuzzCase.kind] = (tally.byKind[fuzzCase.kind] ?? 0) + 1;
      const describe = () => `${fuzzCase.kind} ${fuzzCase.method} ${fuzzCase.path} ${String(fuzzCase.body ?? '').slice(0, 160)}`;
      if ('error' in answer) {
        const resetAllowed = fuzzCase.mayReset && ['ECONNRESET', 'EPIPE'].includes(answer.error);
        tally.byStatus[answer.error] = (tally.byStatus[answer.error] ?? 0) + 1;
        if (!resetAllowed) tally.failures.push(`${answer.error}: ${describe()}`);
        continue;
      }
      tally.byStatus[answer.status] = (tally.byStatus[answer.status] ?? 0) + 1;
      if (!ACCEPTED_STATUSES.has(answer.status)) {
        tally.failures.push(`HTTP ${answer.status}: ${describe()}`);
      } else if (answer.status === 200 && !fuzzCase.path.includes('logtail')) {
        try {
          decodeMethodResponse(answer.body);
        } catch (error) {
          if (error instanceof RpcFault) tally.faults += 1;
          else tally.failures.push(`undecodable 200 (${(error as Error).message}): ${describe()}`);
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    for (const agent of agents) agent.destroy();
  }
  return tally;
}
