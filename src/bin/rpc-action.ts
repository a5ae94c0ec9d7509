#!/usr/bin/env node
/**
 * `node rpc-action.js CONFIG (restart|start|update) NAME`: the small tool the doctor's plans run to
 * act on a supervisor over XML-RPC (credentials are read from CONFIG, never passed on argv). It
 * waits until the touched programs leave STARTING/BACKOFF, so a re-run of the checks sees the
 * outcome. Exit 1 with the reason when the supervisor refuses.
 */
import { runMain } from '../process/run-main.js';
import { UserError, UsageError } from '../errors.js';
import { loadSupervisorConfig } from '../config/load.js';
import { createRpcClient } from '../protocol/transport.js';
import type { XmlRpcValue } from '../protocol/types.js';
import { pickServer } from '../doctor/context.js';

await runMain(async (argv) => {
  const [configFile, action, name] = argv.slice(2);
  if (!configFile || !action || !name || !['restart', 'start', 'update'].includes(action)) {
    throw new UsageError('usage: rpc-action CONFIG (restart|start|update) NAME');
  }
  const config = await loadSupervisorConfig(configFile);
  const { serverUrl, auth } = pickServer(config);
  if (!serverUrl) throw new UserError(`${configFile} defines no [unix_http_server] or [inet_http_server]: nothing to talk to`);
  const call = async (method: string, ...params: XmlRpcValue[]) => {
    const client = createRpcClient(serverUrl, auth);
    try {
      return await client.call(method, ...params);
    } finally {
      client.close();
    }
  };
  const touched = action === 'update' ? await update(call) : [name];
  if (action === 'restart') await ignoreFaults(call('supervisor.stopProcess', name, true), ['NOT_RUNNING', 'BAD_NAME']);
  if (action !== 'update') await ignoreFaults(call('supervisor.startProcess', name, true), ['ALREADY_STARTED']);
  await waitSettled(call, touched);
  return 0;
});

type Call = (method: string, ...params: XmlRpcValue[]) => Promise<XmlRpcValue>;

async function ignoreFaults(promise: Promise<unknown>, names: string[]): Promise<void> {
  try {
    await promise;
  } catch (error) {
    const text = String((error as Error).message ?? error);
    if (!names.some((n) => text.includes(n))) throw new UserError(`supervisor refused: ${text}`);
  }
}

/** What `supervisorctl update` does: reread, then remove/re-add changed groups and add new ones. */
async function update(call: Call): Promise<string[]> {
  const result = (await call('supervisor.reloadConfig')) as unknown as [string[], string[], string[]][];
  const [added, changed, removed] = result[0]!;
  for (const group of [...removed, ...changed]) {
    await ignoreFaults(call('supervisor.stopProcessGroup', group, true), ['BAD_NAME', 'NOT_RUNNING']);
    await ignoreFaults(call('supervisor.removeProcessGroup', group), ['BAD_NAME']);
  }
  for (const group of [...changed, ...added]) await ignoreFaults(call('supervisor.addProcessGroup', group), ['ALREADY_ADDED']);
  return [...changed, ...added].map((g) => `${g}:*`);
}

async function waitSettled(call: Call, names: string[], timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const groups = new Set(names.map((n) => n.split(':')[0]));
  for (;;) {
    const infos = (await call('supervisor.getAllProcessInfo')) as unknown as { group: string; name: string; statename: string }[];
    const pending = infos.filter((i) => (groups.has(i.group) || names.includes(i.name)) && ['STARTING', 'BACKOFF', 'STOPPING'].includes(i.statename));
    if (pending.length === 0 || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
