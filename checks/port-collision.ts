/**
 * `port-collision`: an `[inet_http_server]` port held by a process other than our own answering
 * supervisor ("Another program is already listening on a port…"). Names the holder (pid, name,
 * owner); fixes by stopping our own stale daemon or by moving to a free port.
 */
import { findFreePort, findTcpListeners } from '../src/system/ports.js';
import { classifySupervisorArgv } from '../src/system/processes.js';
import { userNameOf } from '../src/system/users.js';
import { positionOf } from '../src/doctor/config-locate.js';
import { planConfigEdit } from '../src/doctor/config-edit.js';
import { renderSetupRecord } from '../src/system/setup-record-files.js';
import type { Check, Finding } from '../src/doctor/types.js';

/** Stop our own unresponsive daemon, or move the server to a free port (and supervisorctl with it). */
type PortFixData = { kind: 'kill'; pid: number | undefined } | { kind: 'port'; section: string; value: string; old: number; free: number };

export const portCollisionCheck: Check<PortFixData> = {
  id: 'port-collision',
  title: 'HTTP port is free or ours',
  area: 'daemon',
  appliesTo: (ctx) => (!ctx.config ? 'the config did not load' : ctx.config.inetHttpServers.length === 0 ? 'no [inet_http_server]' : true),
  async run(ctx) {
    const findings: Finding<PortFixData>[] = [];
    const ours = new Set(ctx.supervisor.processes.map((p) => p.pid));
    // A 401 is an answer too: our daemon serves, the doctor just lacks a password it can send ({SHA} only).
    const answers = ctx.supervisor.rpc !== undefined || ctx.supervisor.rpcError?.code === 'HTTP_401';
    for (const server of ctx.config!.inetHttpServers) {
      const holders = findTcpListeners(server.portNumber).filter((l) => !(l.pid && ours.has(l.pid) && answers));
      if (holders.length === 0) continue;
      const holder = holders[0]!;
      const who = holder.pid ? `pid ${holder.pid} (${holder.processName ?? '?'}, user ${userNameOf(ctx.accounts, holder.uid)})` : `a process of user ${userNameOf(ctx.accounts, holder.uid)} we cannot see`;
      const isOurStaleDaemon = holder.pid !== undefined && ours.has(holder.pid);
      const isOtherSupervisor = holder.argv ? classifySupervisorArgv(holder.argv) !== undefined : false;
      const free = await findFreePort(server.portNumber, server.host && server.host !== '*' ? server.host : '127.0.0.1');
      const hostPart = server.port.includes(':') ? server.port.slice(0, server.port.lastIndexOf(':') + 1) : '';
      findings.push({
        severity: 'error',
        message: `port ${server.portNumber} of [${server.section}] is held by ${who}${isOtherSupervisor ? ', another supervisor' : ''}: supervisord fails with "Another program is already listening on a port"`,
        ...positionOf(ctx, server.section, 'port'),
        evidence: holders.map((h) => `listener ${h.address}:${h.port} pid=${h.pid ?? '?'} argv=${(h.argv ?? []).join(' ')}`),
        fix: isOurStaleDaemon
          ? { description: `stop our own unresponsive daemon pid ${holder.pid}`, safety: 'confirm', commands: [`kill ${holder.pid}`] }
          : free
            ? { description: `move [${server.section}] to free port ${free} (port=${hostPart}${free})`, safety: 'confirm' }
            : { description: `stop ${who} or choose another port`, safety: 'manual' },
        data: isOurStaleDaemon ? { kind: 'kill', pid: holder.pid } : free ? { kind: 'port', section: server.section, value: `${hostPart}${free}`, old: server.portNumber, free } : undefined,
      });
    }
    return findings;
  },
  async fix(ctx, finding) {
    const data = finding.data;
    if (data?.kind === 'kill') return { title: 'Stop the unresponsive daemon', operations: [{ kind: 'exec', argv: ['kill', String(data.pid)], reason: 'it holds the port but does not answer' }] };
    if (data?.kind !== 'port') return undefined;
    const { setIniKey } = await import('../src/config/ini-editor.js');
    const file = positionOf(ctx, data.section, 'port').file ?? ctx.configFile!;
    const ctlUrl = ctx.config?.supervisorctl?.serverurl;
    const ctlFile = positionOf(ctx, 'supervisorctl', 'serverurl').file;
    const plan = await planConfigEdit(ctx, file, (text) => {
      let next = setIniKey(text, data.section, 'port', data.value);
      // Keep supervisorctl pointing at the server it is meant to reach.
      if (ctlUrl && ctlFile === file && ctlUrl.startsWith('http') && ctlUrl.includes(`:${data.old}`)) {
        next = setIniKey(next, 'supervisorctl', 'serverurl', ctlUrl.replace(`:${data.old}`, `:${data.free}`));
      }
      return next;
    }, `move the HTTP server to free port ${data.free}`);
    // The record svwiz init keeps moves with it, or a later `svwiz init` would move the port back (#13).
    const setup = ctx.recordedSetup;
    if (!plan || !setup?.web || setup.web.port !== data.old) return plan;
    const web = { ...setup.web, port: data.free };
    const host = !web.host || web.host === '0.0.0.0' || web.host === '*' ? 'THIS-MACHINE' : web.host;
    return {
      ...plan,
      title: `${plan.title}: the web UI is now at http://${host}:${data.free}/`,
      operations: [...plan.operations, { kind: 'write', path: setup.file, content: renderSetupRecord({ ...setup.record, web }), reason: `svwiz's setup record follows the new port ${data.free}` }],
    };
  },
};
