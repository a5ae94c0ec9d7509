/**
 * Pure planner for `svwiz init`: answers + facts → the files and directories of the setup.
 * The boot service is a separate plan (src/service) with its own manifest, so that
 * `svwiz service uninstall` can reverse exactly it.
 */
import path from 'node:path';
import type { Plan, PlanOperation } from '../plan/types.js';
import { setupRecordPathFor } from './layout.js';
import { renderSetupRecord } from '../system/setup-record-files.js';
import { renderSupervisordConf, serverUrlOf } from './render-config.js';
import type { InitAnswers, SetupRecord } from './types.js';

export function setupRecordOf(answers: InitAnswers): SetupRecord {
  return {
    version: 1,
    mode: answers.mode,
    backend: answers.backend,
    configFile: answers.configFile,
    includeDir: answers.includeDir,
    includePatterns: answers.includePatterns,
    socketFile: answers.socketFile,
    serverUrl: serverUrlOf(answers),
    logDir: answers.logDir,
    logOwner: answers.logOwner,
    pidFile: answers.pidFile,
    web: answers.web ? { host: answers.webHost, port: answers.webPort, user: answers.webUser } : null,
    service: answers.service,
    serviceName: answers.serviceName,
    ...(answers.networkOnline ? { networkOnline: true } : {}),
    ...(answers.lowMemory ? { lowMemory: true } : {}),
  };
}

/** Next to the include dir (/etc/svwiz/setup.json, ~/.config/svwiz/setup.json): found again from the config's [include]. */
export function setupRecordPath(answers: Pick<InitAnswers, 'includeDir'>): string {
  return setupRecordPathFor(answers.includeDir);
}

export function planInit(answers: InitAnswers): Plan {
  const ops: PlanOperation[] = [];
  ops.push({ kind: 'mkdir', path: answers.includeDir, mode: 0o755, reason: 'program files ([include])' });
  // Log files are opened by the supervisor itself, as its own user, before it switches to a
  // program's user: the dir must belong to the supervisor's user (the seed's EACCES; never 777).
  ops.push({ kind: 'mkdir', path: answers.logDir, mode: 0o755, owner: answers.logOwner, reason: 'supervisor and program logs' });
  for (const dir of new Set([path.dirname(answers.socketFile), path.dirname(answers.pidFile)])) {
    if (dir === '/run' || dir === '/var/run' || dir === '/tmp') continue;
    // No mode: an existing dir someone chose keeps its own (the socket itself is chmod 0700).
    ops.push({ kind: 'mkdir', path: dir, reason: 'socket and pidfile' });
  }
  // A config holding a password (even as {SHA}) is readable by its owner only.
  ops.push({
    kind: 'write',
    path: answers.configFile,
    content: renderSupervisordConf(answers),
    mode: answers.web ? 0o600 : 0o644,
    reason: 'supervisor config',
  });
  ops.push({
    kind: 'write',
    path: setupRecordPath(answers),
    content: renderSetupRecord(setupRecordOf(answers)),
    mode: 0o644,
    reason: 'svwiz setup record (read by add-program and service)',
  });
  return { title: `svwiz init (${answers.backend}, ${answers.mode} mode)`, operations: ops };
}
