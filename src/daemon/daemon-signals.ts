/**
 * Signals to the daemon, as supervisord handles them (reference 2.8). Installed once for the
 * whole process; routed to the supervisor of the current life. SIGCHLD is only logged: Node reaps
 * its children and reports each exit as an event.
 */
import type { Supervisor } from './supervisor-core.js';
import { takeHelperExit } from './output-pipes.js';

export interface DaemonSignals {
  route(supervisor: Supervisor): void;
  uninstall(): void;
}

export function installDaemonSignals(): DaemonSignals {
  let current: Supervisor | undefined;
  const handlers: [NodeJS.Signals, () => void][] = [];
  const on = (signal: NodeJS.Signals, handler: () => void): void => {
    handlers.push([signal, handler]);
    process.on(signal, handler);
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const) {
    on(signal, () => {
      if (!current) return;
      current.log.warn(`received ${signal} indicating exit request`);
      void current.requestStop('SHUTDOWN');
    });
  }
  on('SIGHUP', () => {
    if (!current) return;
    if (current.mood === 'SHUTDOWN') {
      current.log.warn('ignored SIGHUP indicating restart request (shutdown in progress)');
      return;
    }
    current.log.warn('received SIGHUP indicating restart request');
    try {
      current.requestRestart();
    } catch {
      // Logged by requestRestart; the daemon keeps running on the config it has.
    }
  });
  on('SIGUSR2', () => {
    if (!current) return;
    current.log.info('received SIGUSR2 indicating log reopen request');
    current.reopenLogs();
  });
  // One failing event handler must not take every child down with the daemon (Supervisor's loop
  // also logs a dispatcher's error and goes on).
  const onUncaught = (error: unknown): void => {
    const text = error instanceof Error ? error.stack ?? error.message : String(error);
    if (current) current.log.critical(`uncaught exception in svwizd (please report it): ${text}`);
    else process.stderr.write(`svwizd: uncaught exception: ${text}\n`);
  };
  process.on('uncaughtException', onUncaught);
  // Reaping is Node's; the debug line is supervisord's, and people grep for it (issue #12).
  on('SIGCHLD', () => {
    if (!takeHelperExit()) current?.log.debug('received SIGCHLD indicating a child quit');
  });
  // Also keeps Node from starting its inspector on SIGUSR1.
  on('SIGUSR1', () => current?.log.blather('received SIGUSR1 indicating nothing'));
  return {
    route(supervisor) {
      current = supervisor;
    },
    uninstall() {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      process.off('uncaughtException', onUncaught);
    },
  };
}
