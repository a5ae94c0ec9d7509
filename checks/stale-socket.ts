/**
 * `stale-socket`: a unix socket file nobody listens on (left by a killed daemon), one the daemon
 * cannot remove (Supervisor then loops forever on "Unlinking stale socket"), a plain file in its
 * place, a socket deleted under a live daemon, and sockets directly in /tmp (tmp cleaners delete
 * them).
 */
import path from 'node:path';
import { canWriteDirectory } from '../src/system/access.js';
import { probeUnixSocket } from '../src/system/ports.js';
import { positionOf } from '../src/doctor/config-locate.js';
import { planConfigEdit } from '../src/doctor/config-edit.js';
import type { Check, Finding } from '../src/doctor/types.js';

/** Remove a stale socket, or move the socket out of a shared dir (and supervisorctl with it). */
type SocketFixData = { kind: 'unlink'; path: string } | { kind: 'move'; section: string; from: string; to: string };

export const staleSocketCheck: Check<SocketFixData> = {
  id: 'stale-socket',
  title: 'Unix socket is live or absent',
  area: 'daemon',
  appliesTo: (ctx) => (!ctx.config ? 'the config did not load' : ctx.config.unixHttpServers.length === 0 ? 'no [unix_http_server]' : true),
  async run(ctx) {
    const findings: Finding<SocketFixData>[] = [];
    for (const server of ctx.config!.unixHttpServers) {
      const where = positionOf(ctx, server.section, 'file');
      const socketPath = ctx.hostPath(server.file);
      const probe = await probeUnixSocket(socketPath);
      if (probe === 'stale') {
        const removable = await canWriteDirectory(ctx.daemonIdentity, path.dirname(server.file), ctx.root);
        findings.push({
          severity: removable.ok ? 'warn' : 'error',
          message: removable.ok
            ? `${server.file} is a stale socket: nobody listens on it (a daemon was killed); supervisord removes it at start, supervisorctl reports "refused connection" until then`
            : `${server.file} is a stale socket that ${ctx.daemonUser.name} cannot remove: supervisord would loop forever printing "Unlinking stale socket"`,
          ...where,
          fix: { description: `remove the stale socket ${server.file}`, safety: 'safe', commands: [`rm ${server.file}`] },
          data: { kind: 'unlink', path: server.file },
        });
      } else if (probe === 'not-a-socket') {
        findings.push({
          severity: 'error',
          message: `${server.file} exists but is not a socket: supervisord cannot bind there`,
          ...where,
          fix: { description: `move ${server.file} out of the way`, safety: 'manual', commands: [`mv ${server.file} ${server.file}.bak`] },
        });
      } else if (probe === 'missing' && ctx.supervisor.processes.length > 0 && !ctx.supervisor.rpc) {
        findings.push({
          severity: 'error',
          message: `supervisord (pid ${ctx.supervisor.processes.map((p) => p.pid).join(', ')}) runs but its socket ${server.file} is gone (deleted by a tmp cleaner?): nothing can control it`,
          ...where,
          fix: { description: 'restart the daemon so it creates its socket again (kill it with SIGTERM, then start the service)', safety: 'manual', commands: ctx.supervisor.processes.map((p) => `kill ${p.pid}`) },
        });
      }
      if (path.dirname(server.file) === '/tmp') {
        const runDir = ctx.daemonUser.uid === 0 ? '/run' : undefined;
        findings.push({
          severity: 'warn',
          message: `socket ${server.file} lives directly in /tmp, where tmp cleaners delete it and any user can squat the name`,
          ...where,
          fix: runDir
            ? { description: `move it to ${runDir}/supervisor.sock (and point [supervisorctl] serverurl there)`, safety: 'confirm' }
            : { description: `move it to a directory owned by ${ctx.daemonUser.name}`, safety: 'manual' },
          data: runDir ? { kind: 'move', section: server.section, from: server.file, to: `${runDir}/supervisor.sock` } : undefined,
        });
      }
    }
    return findings;
  },
  async fix(ctx, finding) {
    const data = finding.data;
    if (data?.kind === 'unlink') return { title: 'Remove the stale socket', operations: [{ kind: 'unlink', path: data.path, reason: 'nobody listens on it' }] };
    if (data?.kind !== 'move') return undefined;
    const { setIniKey } = await import('../src/config/ini-editor.js');
    const file = positionOf(ctx, data.section, 'file').file ?? ctx.configFile!;
    const ctlFile = positionOf(ctx, 'supervisorctl', 'serverurl').file;
    const plan = await planConfigEdit(ctx, file, (text) => {
      let next = setIniKey(text, data.section, 'file', data.to);
      if (ctlFile === file) next = setIniKey(next, 'supervisorctl', 'serverurl', `unix://${data.to}`);
      return next;
    }, `move the socket out of /tmp`);
    return plan;
  },
};
