/** Handler of `svwiz init`: commander's options → the init flow. */
import { runInit } from '../wizard/init-flow.js';

export async function runInitCommand(opts: Record<string, unknown>): Promise<number> {
  return runInit({
    root: opts.root as string | undefined,
    dryRun: !!opts.dryRun,
    yes: !!opts.yes,
    interactive: opts.interactive as boolean | undefined,
    overwrite: opts.overwrite as boolean | undefined,
    mode: opts.mode as 'system' | 'user' | undefined,
    backend: opts.backend as 'svwizd' | 'supervisord' | undefined,
    config: opts.config as string | undefined,
    includeDir: opts.includeDir as string | undefined,
    include: opts.include as string[] | undefined,
    socket: opts.socket as string | undefined,
    logDir: opts.logDir as string | undefined,
    logOwner: opts.logOwner as string | undefined,
    pidfile: opts.pidfile as string | undefined,
    web: opts.web as boolean | undefined,
    webHost: opts.webHost as string | undefined,
    webPort: opts.webPort as number | undefined,
    webUser: opts.webUser as string | undefined,
    webPassword: opts.webPassword as string | undefined,
    service: opts.service as 'systemd' | 'systemd-user' | 'sysv' | 'none' | undefined,
    serviceName: opts.serviceName as string | undefined,
    start: opts.start as boolean | undefined,
    doctor: opts.doctor as boolean | undefined,
  });
}
