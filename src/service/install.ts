/**
 * Installing, uninstalling and reporting the boot service: the IO around the pure planner.
 * Install applies the plan and appends the manifest; uninstall reverses the recorded manifests
 * (an undo command that fails, e.g. `systemctl disable` with no systemd running, is reported and
 * the rest still runs, so no unit or rc.d link is left behind).
 */
import path from 'node:path';
import { UserError } from '../errors.js';
import { applyPlan, runCommand } from '../plan/apply.js';
import { reverseManifest } from '../plan/reverse.js';
import type { Manifest, Plan, PlanOperation } from '../plan/types.js';
import { lstatSync, readdirSync } from 'node:fs';
import { mapToRoot } from '../system/paths.js';
import { which } from '../system/which.js';
import { readServiceRecord, removeServiceRecord, writeServiceRecord } from './manifest-store.js';
import { planServiceInstall, reloadAfterUninstall, serviceFilePath, type ServiceInstallContext } from './plan-install.js';
import { lowMemoryUnreachable } from './low-memory.js';
import { resolveServiceBinaries } from './resolve-binaries.js';
import { stopTimeoutForConfig } from './stop-timeout.js';
import type { Backend, ServiceKind, ServiceSpec } from './types.js';

export interface ServiceTarget {
  kind: Exclude<ServiceKind, 'none'>;
  name: string;
  backend: Backend;
  configFile: string;
  pidFile: string;
  home: string;
  networkOnline?: boolean;
  lowMemory?: boolean;
}

export function installContext(root: string, PATH: string): ServiceInstallContext {
  const offline = path.resolve(root) !== '/';
  const sbinPath = `${PATH}:/usr/sbin:/sbin:/usr/bin:/bin`;
  return {
    offline,
    tools: offline ? undefined : { systemctl: which('systemctl', sbinPath), updateRcD: which('update-rc.d', sbinPath) },
  };
}

/** Resolve DAEMON/SUPERVISORCTL/PATH with `which` now, and build the spec. */
export function buildServiceSpec(target: ServiceTarget, options: { PATH: string; root: string }): { spec: ServiceSpec; warnings: string[] } {
  const resolved = resolveServiceBinaries({ backend: target.backend, PATH: options.PATH, root: options.root });
  const stopTimeout = stopTimeoutForConfig(target.configFile, options.root);
  const spec: ServiceSpec = {
    kind: target.kind,
    name: target.name,
    backend: target.backend,
    daemon: resolved.daemon,
    ctl: resolved.ctl,
    configFile: target.configFile,
    pidFile: target.pidFile,
    PATH: resolved.PATH,
    ...(target.kind === 'systemd-user' ? { home: target.home } : {}),
    stopTimeoutSecs: stopTimeout.secs,
    ...(target.kind === 'systemd' && target.networkOnline ? { networkOnline: true } : {}),
    ...(target.lowMemory ? { lowMemory: true } : {}),
  };
  const unreachable = lowMemoryUnreachable(spec);
  return { spec, warnings: [...resolved.warnings, ...(stopTimeout.note ? [stopTimeout.note] : []), ...(unreachable ? [unreachable] : [])] };
}

export function planForSpec(spec: ServiceSpec, root: string, PATH: string): Plan {
  return planServiceInstall(spec, installContext(root, PATH));
}

/** Apply an install plan and append its manifest to the service record. */
export async function applyServiceInstall(spec: ServiceSpec, plan: Plan, options: { root: string; manifestFile: string; backupDir?: string }): Promise<Manifest> {
  const previous = await readServiceRecord(options.root, options.manifestFile);
  if (previous && (previous.spec.kind !== spec.kind || previous.spec.name !== spec.name)) {
    throw new UserError(
      `a ${previous.spec.kind} service '${previous.spec.name}' is already installed (${options.manifestFile}); run 'svwiz service uninstall' first`,
    );
  }
  const manifest = await applyPlan(plan, { root: options.root, backupDir: options.backupDir });
  await writeServiceRecord(options.root, options.manifestFile, {
    version: 1,
    spec,
    manifests: [...(previous?.manifests ?? []), ...(manifest.entries.length ? [manifest] : [])],
    ...(previous?.createdDirs ? { createdDirs: previous.createdDirs } : {}),
  });
  return manifest;
}

export interface UninstallResult {
  undone: string[];
  problems: string[];
}

/** Reverse every recorded install, newest first, then forget the record. */
export async function uninstallService(options: { root: string; manifestFile: string; PATH: string; dryRun?: boolean; backupDir?: string }): Promise<UninstallResult> {
  const record = await readServiceRecord(options.root, options.manifestFile);
  if (!record) throw new UserError(`no svwiz service is installed (no manifest at ${options.manifestFile})`);
  const context = installContext(options.root, options.PATH);
  const operations = [...record.manifests].reverse().flatMap((manifest) => reverseManifest(manifest).operations);
  operations.push(...reloadAfterUninstall(record.spec, context));
  const result = await applyReversal(operations, { root: options.root, offline: context.offline, dryRun: options.dryRun, backupDir: options.backupDir });
  if (!options.dryRun) await removeServiceRecord(options.root, options.manifestFile);
  return result;
}

/**
 * Run the operations of a reversed manifest one by one: a step that fails is reported and the rest
 * still runs; commands run only on the live system. A directory that is no longer empty (logs
 * written since) is kept and said so, never removed with what is in it.
 */
export async function applyReversal(operations: PlanOperation[], options: { root: string; offline: boolean; dryRun?: boolean; backupDir?: string }): Promise<UninstallResult> {
  const result: UninstallResult = { undone: [], problems: [] };
  for (const op of operations) {
    const label = op.kind === 'exec' ? op.argv.join(' ') : `${op.kind} ${op.path}`;
    if (options.dryRun) {
      result.undone.push(label);
      continue;
    }
    try {
      if (op.kind === 'exec') {
        if (options.offline) continue;
        await runCommand(op.argv);
      } else if (op.kind === 'unlink' && nonEmptyDir(mapToRoot(options.root, op.path))) {
        result.undone.push(`kept ${op.path} (not empty)`);
        continue;
      } else {
        await applyPlan({ title: 'uninstall', operations: [op] }, { root: options.root, backupDir: options.backupDir });
      }
      result.undone.push(label);
    } catch (error) {
      result.problems.push(`${label}: ${(error as Error).message}`);
    }
  }
  return result;
}

function nonEmptyDir(file: string): boolean {
  try {
    return lstatSync(file).isDirectory() && readdirSync(file).length > 0;
  } catch {
    return false;
  }
}

export interface ServiceStatus {
  installed: boolean;
  spec?: ServiceSpec;
  file?: string;
  /** Output of `systemctl is-active` / the init script's status (online only). */
  state?: string;
  active?: boolean;
}

export async function serviceStatus(options: { root: string; manifestFile: string; PATH: string }): Promise<ServiceStatus> {
  const record = await readServiceRecord(options.root, options.manifestFile);
  if (!record) return { installed: false };
  const spec = record.spec;
  const file = serviceFilePath(spec);
  const context = installContext(options.root, options.PATH);
  if (context.offline) return { installed: true, spec, file };
  const argv =
    spec.kind === 'sysv'
      ? [file, 'status']
      : [context.tools?.systemctl ?? 'systemctl', ...(spec.kind === 'systemd-user' ? ['--user'] : []), 'is-active', `${spec.name}.service`];
  try {
    const out = await runCommand(argv, 15000);
    return { installed: true, spec, file, state: out.trim(), active: true };
  } catch (error) {
    return { installed: true, spec, file, state: (error as Error).message.split('\n').slice(1).join('\n').trim() || 'not running', active: false };
  }
}
