/**
 * Hand-built configs for in-process daemon tests (no parser involved), and an in-process
 * Supervisor over them with a main log in the test's temp dir.
 */
import path from 'node:path';
import type { GroupConfig, ProcessConfig, SupervisorConfigModel } from '../../src/config/types.js';
import { MainLog } from '../../src/daemon/main-log.js';
import { Supervisor } from '../../src/daemon/supervisor-core.js';
import type { SupervisedProcess } from '../../src/daemon/supervised-process.js';
import type { ProcessStateName } from '../../src/protocol/states.js';
import { waitFor } from './temp.js';

export function processConfig(name: string, command: string, overrides: Partial<ProcessConfig> = {}): ProcessConfig {
  return {
    group: name,
    name,
    section: `program:${name}`,
    kind: 'program',
    command,
    directory: null,
    user: null,
    uid: null,
    umask: null,
    priority: 999,
    autostart: true,
    autorestart: 'unexpected',
    startsecs: 1,
    startretries: 3,
    exitcodes: [0],
    stopsignal: 'TERM',
    stopwaitsecs: 10,
    stopasgroup: false,
    killasgroup: false,
    redirect_stderr: false,
    stdout_logfile: null,
    stdout_logfile_maxbytes: 0,
    stdout_logfile_backups: 0,
    stdout_capture_maxbytes: 0,
    stdout_events_enabled: false,
    stdout_syslog: false,
    stderr_logfile: null,
    stderr_logfile_maxbytes: 0,
    stderr_logfile_backups: 0,
    stderr_capture_maxbytes: 0,
    stderr_events_enabled: false,
    stderr_syslog: false,
    environment: null,
    serverurl: 'AUTO',
    ...overrides,
  };
}

/** A model with one homogeneous group per process (unless `group` is set on the process). */
export function configModel(dir: string, processes: ProcessConfig[], supervisord: Partial<SupervisorConfigModel['supervisord']> = {}): SupervisorConfigModel {
  const groups = new Map<string, GroupConfig>();
  for (const process of processes) {
    const group = groups.get(process.group) ?? { name: process.group, priority: process.priority, processes: [], origin: 'program' as const };
    group.processes.push(process.name);
    groups.set(process.group, group);
  }
  return {
    file: path.join(dir, 'supervisord.conf'),
    files: [path.join(dir, 'supervisord.conf')],
    supervisord: {
      logfile: path.join(dir, 'main.log'),
      logfile_maxbytes: 0,
      logfile_backups: 0,
      loglevel: 'debug',
      pidfile: path.join(dir, 'd.pid'),
      nodaemon: true,
      silent: true,
      minfds: 1024,
      minprocs: 200,
      umask: 0o22,
      identifier: 'supervisor',
      directory: null,
      childlogdir: dir,
      user: null,
      nocleanup: false,
      strip_ansi: false,
      environment: null,
      ...supervisord,
    },
    unixHttpServers: [],
    inetHttpServers: [],
    supervisorctl: null,
    groups: [...groups.values()].sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : 1)),
    processes,
    rpcInterfaces: [{ name: 'supervisor', factory: 'supervisor.rpcinterface:make_main_rpcinterface' }],
    warnings: [],
  };
}

export interface InProcessDaemon {
  supervisor: Supervisor;
  log: MainLog;
  process(name: string, group?: string): SupervisedProcess;
  waitState(name: string, state: ProcessStateName, timeoutMs?: number): Promise<SupervisedProcess>;
  stop(): Promise<void>;
}

/** Start a Supervisor in this test process (groups added, autostart spawned). `reread` feeds reloadConfig. */
export function startInProcess(model: SupervisorConfigModel, reread: () => SupervisorConfigModel = () => model): InProcessDaemon {
  const log = new MainLog({ file: model.supervisord.logfile, maxBytes: 0, backups: 0, level: model.supervisord.loglevel, mirrorToStdout: false });
  log.open();
  const supervisor = new Supervisor({ config: model, log, rereadConfig: reread });
  supervisor.addConfiguredGroups();
  supervisor.startAutostart();
  const find = (name: string, group = name): SupervisedProcess => {
    const found = supervisor.findProcess(group, name);
    if (!found) throw new Error(`no process ${group}:${name}`);
    return found;
  };
  return {
    supervisor,
    log,
    process: find,
    waitState: (name, state, timeoutMs = 15000) => waitFor(`${name} ${state}`, () => (find(name).state === state ? find(name) : undefined), { timeoutMs, intervalMs: 10 }),
    async stop() {
      await supervisor.requestStop('SHUTDOWN');
      supervisor.dispose();
      log.close();
    },
  };
}

/** A complete supervisord.conf for a daemon test: socket, logs and pidfile in `dir`, then `programs`. */
export function daemonConfigText(dir: string, programs: string, supervisordExtra = ''): string {
  return `[unix_http_server]
file=${dir}/s.sock

[supervisord]
logfile=${dir}/main.log
pidfile=${dir}/d.pid
childlogdir=${dir}
loglevel=info
${supervisordExtra}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

${programs}
`;
}
