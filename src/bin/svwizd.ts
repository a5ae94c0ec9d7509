#!/usr/bin/env node
/**
 * svwizd: the daemon bin, a drop-in for supervisord (same flags, same config, same XML-RPC).
 * Parses flags, loads the config, detaches unless nodaemon, drops privileges, then runs daemon
 * lives until a shutdown (a restart — SIGHUP or the `restart` RPC — starts a new life in the
 * same process, as supervisord does).
 */
import { totalmem } from 'node:os';
import path from 'node:path';
import { runMain } from '../process/run-main.js';
import { readPackageVersion } from '../process/package-version.js';
import { findSupervisordConfig, defaultSearchPaths } from '../config/discover.js';
import { loadSupervisorConfigSync } from '../config/load.js';
import type { SupervisorConfigModel } from '../config/types.js';
import { ConfigError, describeError, UsageError, UserError } from '../errors.js';
import { DAEMON_USAGE, parseDaemonArgs } from '../protocol/supervisord-args.js';
import { runDaemonLife } from '../daemon/daemon-run.js';
import { applyDaemonArgs } from '../daemon/daemon-settings.js';
import { DAEMON_CHILD_MARKER, detachAndWait, isDaemonChild, reportReady, reportStartFailure } from '../daemon/daemonize.js';
import { explainStartFailure } from '../doctor/explain-start-failure.js';
import { createWebHandler } from '../web/handler.js';
import { ensureMinimumLimits } from '../daemon/resource-limits.js';
import { installDaemonSignals } from '../daemon/daemon-signals.js';
import { accountsFor } from '../system/users.js';
import { assertSwitchedUserCanWrite } from '../daemon/user-switch-preflight.js';
import type { Supervisor } from '../daemon/supervisor-core.js';
import { ProcessTally } from '../daemon/process-tally.js';
import { daemonChildNodeFlags } from '../service/low-memory.js';

/** supervisord's `user=`: switch the daemon itself (before its log and sockets are opened). */
function dropPrivileges(user: string | null): void {
  if (!user) return;
  const entry = accountsFor('/').user(user);
  if (!entry) throw new UserError(`Can't find user ${JSON.stringify(user)} (valid: a user name the system knows, see getent passwd, or a numeric uid)`, { exitCode: 2 });
  if (process.getuid?.() === entry.uid) return;
  if (process.getuid?.() !== 0) throw new UserError("Can't drop privilege as nonroot user", { exitCode: 2 });
  (process as unknown as { initgroups(user: string, extraGroup: number): void }).initgroups(entry.name, entry.gid);
  process.setgid!(entry.gid);
  process.setuid!(entry.uid);
}

/** The doctor's checks, loaded on first use: a daemon nobody asks for health never pays for them. */
const loadAllChecks = async () => (await import('../../checks/index.js')).allChecks;

/** The web UI; its health panel runs the doctor (loaded on the first request) on this daemon's config. */
function createDaemonWebHandler(configFile: string) {
  return createWebHandler({
    configFile,
    doctor: async (options) => {
      const [{ runDoctor }, registry] = await Promise.all([import('../doctor/run.js'), loadAllChecks()]);
      return runDoctor({ ...options, registry });
    },
  });
}

async function main(argv: string[]): Promise<number> {
  const args = parseDaemonArgs(argv.slice(2));
  if (args.help) {
    process.stdout.write(DAEMON_USAGE);
    return 0;
  }
  if (args.version) {
    process.stdout.write(`${readPackageVersion()}\n`);
    return 0;
  }
  const cwd = process.cwd();
  const configFile = args.configFile ?? findSupervisordConfig(argv[1] ?? 'svwizd', cwd);
  if (!configFile) {
    throw new UsageError(
      `No config file found at default paths (${defaultSearchPaths(argv[1] ?? 'svwizd', cwd).join(', ')}); use the -c option to specify a config file at a different path`,
    );
  }
  const load = (): SupervisorConfigModel => {
    try {
      const model = loadSupervisorConfigSync(configFile, { cwd });
      model.supervisord = applyDaemonArgs(model.supervisord, args, cwd);
      return model;
    } catch (error) {
      // supervisord exits 2 on a config it rejects.
      if (error instanceof ConfigError) throw new UserError(error.message, { exitCode: 2, cause: error });
      throw error;
    }
  };
  let config = load();

  const child = isDaemonChild();
  if (!config.supervisord.nodaemon && !child) {
    const nodeFlags = daemonChildNodeFlags({ execArgv: process.execArgv, totalMemoryBytes: totalmem(), env: process.env });
    const verdict = await detachAndWait(argv.slice(1), nodeFlags);
    if (verdict.code !== 0) {
      process.stderr.write(`Error: ${verdict.reason}\n`);
      await explainStartFailure(configFile, (text) => process.stderr.write(text), loadAllChecks);
    }
    return verdict.code;
  }
  if (child) {
    delete process.env[DAEMON_CHILD_MARKER];
    // supervisord applies umask and directory only when it daemonizes (reference 1.5).
    process.umask(config.supervisord.umask);
    if (config.supervisord.directory) process.chdir(config.supervisord.directory);
  }

  // Whether the first life got as far as serving: a failure before that gets the preflight's diagnosis.
  let served = false;
  try {
    // While still root: a log the switched user cannot write is named now, and the preflight below
    // still runs with the rights to read the config and judge the log dir.
    await assertSwitchedUserCanWrite(config.supervisord);
    dropPrivileges(config.supervisord.user);
    // As supervisord: after the user switch, first start only (a SIGHUP restart keeps the limits).
    const startupInfos = ensureMinimumLimits(config.supervisord);
    const web = createDaemonWebHandler(path.resolve(cwd, configFile));
    const signals = installDaemonSignals();
    // One tally for every life: /metrics counters never go back on a restart or reread.
    const tally = new ProcessTally();
    let first = true;
    let exitStatus = 0;
    for (;;) {
      const end = await runDaemonLife({
        config,
        loadConfig: load,
        first,
        startupInfos: first ? startupInfos : undefined,
        web,
        tally,
        onSupervisor: (supervisor) => {
          signals.route(supervisor);
          web.attachSupervisor(supervisor);
        },
        onReady: first
          ? () => {
              served = true;
              if (child) reportReady();
            }
          : undefined,
      });
      if (end.kind === 'shutdown') {
        exitStatus = end.exitStatus;
        break;
      }
      first = false;
      // Read and validated before anything stopped (Supervisor.requestRestart).
      config = end.config;
    }
    signals.uninstall();
    return exitStatus;
  } catch (error) {
    if (child) reportStartFailure(describeError(error));
    else if (!served && error instanceof UserError) {
      process.stderr.write(`Error: ${error.message}\n`);
      await explainStartFailure(configFile, (text) => process.stderr.write(text), loadAllChecks);
      return error.exitCode;
    }
    throw error;
  }
}

// The entry point is the one place that ends the process: lingering handles must not keep a
// stopped daemon alive.
await runMain(main);
process.exit();
