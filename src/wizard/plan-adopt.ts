/**
 * Pure planner for `svwiz init` on a machine that already has Supervisor (#13): given what exists
 * and the choice (adopt, keep Python supervisord, side by side), the defaults init's questions
 * start from, and the operations that stop and disable the old service before the new setup is
 * written. The operations go first in the init plan, so its manifest reversed (newest first)
 * restores the old config, re-enables the old service and starts it again: uninstall is exact.
 */
import { UsageError } from '../errors.js';
import type { PlanOperation } from '../plan/types.js';
import type { Backend } from '../service/types.js';
import { serviceLabel, type ExistingSupervisor } from './existing-supervisor.js';

export type ExistingChoice = 'adopt' | 'python' | 'side-by-side';
export const EXISTING_CHOICES: readonly ExistingChoice[] = ['adopt', 'python', 'side-by-side'];

export interface AdoptionContext {
  /** Under --root nothing runs: only files and links change. */
  offline: boolean;
  /** The config init writes by default (the layout's). */
  defaultConfigFile: string;
  /** Where svwiz's own config goes when the default would shadow the existing one in the search order. */
  ownConfigFile: string;
  /** Supervisor's absolute search paths, in order (config/discover). */
  searchPaths: string[];
  systemctl?: string;
}

export interface AdoptionPlan {
  choice: ExistingChoice;
  /** Defaults for init's questions (flags still win). */
  configFile: string;
  backend: Backend;
  /** Include patterns added after svwiz's own (the existing conf.d files keep working). */
  extraIncludePatterns: string[];
  /** Stop, then disable the old service; empty side by side. */
  operations: PlanOperation[];
  /** Daemons the operations stop: init waits until they are gone before it starts the new one. */
  stoppedPids: number[];
}

/** supervisord's own argv without -n, so restarting it on undo returns once it has daemonized. */
export function restartArgv(argv: string[]): string[] {
  return argv.filter((word) => word !== '-n' && word !== '--nodaemon');
}

function stopOperations(existing: ExistingSupervisor, ctx: AdoptionContext): { operations: PlanOperation[]; pids: number[] } {
  if (ctx.offline || existing.running.length === 0) return { operations: [], pids: [] };
  const pids = existing.running.map((daemon) => daemon.pid);
  const unit = existing.services.find((service) => service.kind === 'systemd');
  const script = existing.services.find((service) => service.kind === 'sysv');
  if (unit) {
    const systemctl = ctx.systemctl ?? 'systemctl';
    const name = `${unit.name}.service`;
    return { operations: [{ kind: 'exec', argv: [systemctl, 'stop', name], undo: [systemctl, 'start', name], reason: `stop the old supervisor (${name})` }], pids };
  }
  if (script) {
    return { operations: [{ kind: 'exec', argv: [script.file, 'stop'], undo: [script.file, 'start'], reason: `stop the old supervisor (${script.file})` }], pids };
  }
  // Started by hand: stopped by signal, started again on undo with its own command line.
  const operations: PlanOperation[] = existing.running.map((daemon) => ({
    kind: 'exec',
    argv: ['kill', '-TERM', String(daemon.pid)],
    ...(daemon.argv.length ? { undo: restartArgv(daemon.argv) } : {}),
    reason: `stop the old ${daemon.backend} (pid ${daemon.pid}, no boot service runs it)`,
  }));
  return { operations, pids };
}

function disableOperations(existing: ExistingSupervisor, ctx: AdoptionContext): PlanOperation[] {
  const operations: PlanOperation[] = [];
  for (const service of existing.services) {
    for (const link of service.links) operations.push({ kind: 'unlink', path: link, reason: `disable ${serviceLabel(service)} at boot (the link is backed up)` });
  }
  if (!ctx.offline && existing.services.some((service) => service.kind === 'systemd' && service.links.length)) {
    operations.push({ kind: 'exec', argv: [ctx.systemctl ?? 'systemctl', 'daemon-reload'], reason: 'make systemd see the disabled unit' });
  }
  return operations;
}

/** True when `file` comes before (or is) `other` in Supervisor's search order. */
function shadows(file: string, other: string, searchPaths: string[]): boolean {
  const a = searchPaths.indexOf(file);
  const b = searchPaths.indexOf(other);
  return a >= 0 && (b < 0 || a <= b);
}

export function planAdoption(existing: ExistingSupervisor, choice: ExistingChoice, ctx: AdoptionContext): AdoptionPlan {
  if (choice === 'side-by-side') {
    // Never in front of the existing config: plain supervisorctl keeps reaching the old supervisor.
    const configFile = shadows(ctx.defaultConfigFile, existing.configFile, ctx.searchPaths) ? ctx.ownConfigFile : ctx.defaultConfigFile;
    return { choice, configFile, backend: 'svwizd', extraIncludePatterns: [], operations: [], stoppedPids: [] };
  }
  if (existing.mainFilePrograms.length) {
    throw new UsageError(
      `${existing.configFile} defines ${existing.mainFilePrograms.join(', ')} itself, and adopting rewrites that file; ` +
        `move those sections into a file its [include] reads (${existing.includePatterns[0] ?? 'add an [include] files= line'}), or use --existing side-by-side`,
    );
  }
  // Written where plain supervisorctl looks first, so it and svwizctl both reach the new daemon.
  const configFile = existing.firstInSearchOrder ?? existing.configFile;
  const stop = stopOperations(existing, ctx);
  return {
    choice,
    configFile,
    backend: choice === 'python' ? 'supervisord' : 'svwizd',
    extraIncludePatterns: existing.includePatterns,
    operations: [...stop.operations, ...disableOperations(existing, ctx)],
    stoppedPids: stop.pids,
  };
}

/** What init says about the choice once the answers are known, plainly. */
export function describeAdoption(plan: AdoptionPlan, existing: ExistingSupervisor, answers: { configFile: string; socketFile: string; web: boolean; webPort: number; backend: Backend }): string[] {
  const services = existing.services.map(serviceLabel).join(', ');
  if (plan.choice === 'side-by-side') {
    return [
      `Side by side: the existing supervisor keeps ${existing.configFile}, its socket${services ? ` and ${services}` : ''}; nothing of it changes.`,
      `svwiz's own setup: config ${answers.configFile}, socket ${answers.socketFile}${answers.web ? `, web port ${answers.webPort}` : ''}.`,
      `Plain supervisorctl still talks to the old one; use ${answers.backend === 'svwizd' ? 'svwizctl' : 'supervisorctl'} -c ${answers.configFile} for the new.`,
    ];
  }
  const lines = [
    `${plan.choice === 'adopt' ? 'Adopt' : 'Keep Python supervisord'}: the programs in ${existing.includePatterns.join(' ') || existing.configFile} keep their files and run under ${answers.backend}.`,
  ];
  if (existing.running.length || services) {
    const what = [plan.stoppedPids.length ? 'stopped' : '', services ? 'disabled at boot' : ''].filter(Boolean).join(' and ');
    lines.push(`The old supervisor${services ? ` (${services})` : ''} is ${what || 'left to stop at boot'}; its links and config are backed up.`);
  }
  lines.push(`${answers.configFile} is the config plain supervisorctl and ${answers.backend === 'svwizd' ? 'svwizctl' : 'supervisorctl'} read; 'svwiz service uninstall' puts the old setup back exactly.`);
  return lines;
}
