/**
 * The `svwiz config show --json` document (issue #2 contract): Supervisor's own key names, one
 * entry per process after numprocs expansion. The differential test compares it with what Python
 * Supervisor's parser yields for the same file, so every field here must mean what it means there.
 */
import type { ProcessConfig, SupervisorConfigModel } from './types.js';

function processJson(p: ProcessConfig): Record<string, unknown> {
  return {
    group: p.group,
    name: p.name,
    command: p.command,
    directory: p.directory,
    user: p.user,
    umask: p.umask,
    priority: p.priority,
    autostart: p.autostart,
    autorestart: p.autorestart,
    startsecs: p.startsecs,
    startretries: p.startretries,
    exitcodes: p.exitcodes,
    stopsignal: p.stopsignal,
    stopwaitsecs: p.stopwaitsecs,
    stopasgroup: p.stopasgroup,
    killasgroup: p.killasgroup,
    redirect_stderr: p.redirect_stderr,
    stdout_logfile: p.stdout_logfile,
    stdout_logfile_maxbytes: p.stdout_logfile_maxbytes,
    stdout_logfile_backups: p.stdout_logfile_backups,
    stdout_capture_maxbytes: p.stdout_capture_maxbytes,
    stdout_events_enabled: p.stdout_events_enabled,
    stdout_syslog: p.stdout_syslog,
    stderr_logfile: p.stderr_logfile,
    stderr_logfile_maxbytes: p.stderr_logfile_maxbytes,
    stderr_logfile_backups: p.stderr_logfile_backups,
    stderr_capture_maxbytes: p.stderr_capture_maxbytes,
    stderr_events_enabled: p.stderr_events_enabled,
    stderr_syslog: p.stderr_syslog,
    environment: p.environment,
    serverurl: p.serverurl,
  };
}

export function configToJson(model: SupervisorConfigModel): Record<string, unknown> {
  const s = model.supervisord;
  const unix = model.unixHttpServers[0];
  const inet = model.inetHttpServers[0];
  return {
    supervisord: {
      logfile: s.logfile,
      logfile_maxbytes: s.logfile_maxbytes,
      logfile_backups: s.logfile_backups,
      loglevel: s.loglevel,
      pidfile: s.pidfile,
      nodaemon: s.nodaemon,
      minfds: s.minfds,
      minprocs: s.minprocs,
      umask: s.umask,
      identifier: s.identifier,
      directory: s.directory,
      childlogdir: s.childlogdir,
      user: s.user,
      environment: s.environment,
    },
    unix_http_server: unix
      ? { file: unix.file, chmod: unix.chmod, chown: unix.chown, username: unix.username, password: unix.password }
      : null,
    inet_http_server: inet ? { port: inet.port, username: inet.username, password: inet.password } : null,
    groups: model.groups.map((g) => ({ name: g.name, priority: g.priority, processes: g.processes })),
    processes: model.processes.map(processJson),
  };
}
