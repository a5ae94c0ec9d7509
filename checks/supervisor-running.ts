/**
 * `supervisor-running`: the daemon is down (a warning: stopping it is legitimate, and other checks
 * say why it cannot start), or up but not answering its socket/port (an error: nothing controls it).
 */
import { positionOf } from '../src/doctor/config-locate.js';
import { findBootService, whichUnderRoot } from '../src/doctor/boot-service.js';
import type { Check, DoctorContext } from '../src/doctor/types.js';

/** The boot service's start command the fix runs. */
interface StartFixData {
  argv: string[];
}

/** The daemon a setup without a boot service is started with: the recorded backend, else the one installed. */
function startingDaemon(ctx: DoctorContext): string {
  const recorded = ctx.recordedSetup?.backend;
  if (recorded) return whichUnderRoot(ctx, recorded) ?? recorded;
  const supervisord = whichUnderRoot(ctx, 'supervisord');
  const svwizd = whichUnderRoot(ctx, 'svwizd');
  return supervisord ?? svwizd ?? 'supervisord';
}

export const supervisorRunningCheck: Check<StartFixData> = {
  id: 'supervisor-running',
  title: 'Supervisor is running and answering',
  area: 'daemon',
  // After file fixes (an init script's paths), before program restarts.
  fixOrder: 50,
  appliesTo: (ctx) => (!ctx.config ? 'the config did not load' : !ctx.supervisor.serverUrl ? 'no HTTP server configured: nothing to ask' : true),
  async run(ctx) {
    const { rpc, rpcError, processes, serverUrl } = ctx.supervisor;
    if (rpc) return [];
    const server = ctx.config!.unixHttpServers[0]?.section ?? ctx.config!.inetHttpServers[0]!.section;
    if (processes.length > 0) {
      const hint =
        rpcError?.code === 'EACCES'
          ? `permission denied on the socket: run as ${ctx.daemonUser.name} or root, or set [${server}] chown`
          : rpcError?.code === 'HTTP_401'
            ? 'credentials rejected: put username/password in [supervisorctl]'
            : rpcError?.message ?? 'no answer';
      return [
        {
          severity: 'error',
          message: `supervisor pid ${processes.map((p) => p.pid).join(', ')} runs but does not answer on ${serverUrl} (${hint})`,
          ...positionOf(ctx, server),
          evidence: [`rpc error ${rpcError?.code}: ${rpcError?.message}`],
          fix: { description: 'restart it through its service', safety: 'manual', commands: processes.map((p) => `kill ${p.pid}`) },
        },
      ];
    }
    const service = findBootService(ctx);
    // Without a service, start the setup's own backend: advising `supervisord` for a svwizd setup
    // would silently switch it to Python supervisord (#13).
    const command = service?.startCommand ?? [startingDaemon(ctx), '-c', ctx.configFile!];
    return [
      {
        severity: 'warn',
        message: `no supervisor is running for ${ctx.configFile} (${serverUrl}: ${rpcError?.code ?? 'no answer'})`,
        fix: {
          description: service ? `start it with its service: ${command.join(' ')}` : `start it: ${command.join(' ')}`,
          safety: service && ctx.root === '/' ? 'confirm' : 'manual',
          commands: [command.join(' ')],
        },
        data: service ? { argv: service.startCommand } : undefined,
      },
    ];
  },
  async fix(_ctx, finding) {
    const argv = finding.data?.argv;
    return argv ? { title: 'Start the supervisor', operations: [{ kind: 'exec', argv, reason: 'the supervisor is not running' }] } : undefined;
  },
};
