/**
 * The `svwiz config show --json` document (issue #2 contract): Supervisor's own key names, one
 * entry per process after numprocs expansion. The differential test compares it with what Python
 * Supervisor's parser yields for the same file, so every field here must mean what it means there.
 * A process's fields are those program-keys.ts marks `json` (Supervisor's own keys).
 */
import type { ProcessConfig, SupervisorConfigModel } from './types.js';
import { JSON_FIELDS } from './program-keys.js';

/** Group and name first, then every field the key table marks for the contract, in table order. */
function processJson(p: ProcessConfig): Record<string, unknown> {
  const json: Record<string, unknown> = { group: p.group, name: p.name };
  for (const field of JSON_FIELDS) json[field] = p[field];
  return json;
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
