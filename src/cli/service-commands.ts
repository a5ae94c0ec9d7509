/** Handlers of `svwiz service install|uninstall|status`. */
import path from 'node:path';
import { UsageError } from '../errors.js';
import { renderPlanDiff } from '../plan/render.js';
import { applyServiceInstall, buildServiceSpec, planForSpec, serviceStatus, uninstallService } from '../service/install.js';
import { daemonLaunchWords } from '../service/low-memory.js';
import { readServiceRecord } from '../service/manifest-store.js';
import { backupDirFrom } from '../wizard/backup-dir.js';
import { gatherFacts } from '../wizard/facts.js';
import { defaultServiceKind, existingRecord } from '../wizard/init-questions.js';
import { defaultLayout } from '../wizard/layout.js';
import { adoptionRecordPath, readAdoptionRecord } from '../wizard/adoption-record.js';
import { undoAdoption } from '../wizard/adoption-undo.js';
import { findSetupRecord } from '../wizard/existing-setup.js';
import { changedExistingFiles, confirmOverwrites } from '../wizard/overwrite.js';
import { PromptSession, decideInteractive } from '../wizard/prompts.js';
import type { SetupMode } from '../wizard/types.js';
import { renderJsonDocument } from '../protocol/json-document.js';
import { marksFor } from '../system/terminal-style.js';
import type { ServiceInstallOptions, ServiceStatusOptions, ServiceUninstallOptions } from './service-flags.js';

const print = (text: string) => process.stdout.write(text + '\n');

function manifestFile(mode: SetupMode, home: string, runtimeDir: string | null): string {
  return defaultLayout(mode, home, runtimeDir).serviceManifest;
}

export async function runServiceInstall(opts: ServiceInstallOptions): Promise<number> {
  const root = path.resolve(opts.root ?? '/');
  const facts = await gatherFacts({ root, versions: false });
  const record = existingRecord(facts);
  const mode: SetupMode = record?.mode ?? (facts.isRoot ? 'system' : 'user');
  const chosen = opts.kind ?? (record && record.service !== 'none' ? record.service : defaultServiceKind(facts, mode));
  if (chosen === 'none') {
    throw new UsageError(`no boot service fits here (init system: ${facts.initSystem.kind}${facts.initSystem.container ? ` in ${facts.initSystem.container}` : ''}); pass --kind systemd|sysv|systemd-user to choose one`);
  }
  const configFile = opts.config ?? record?.configFile;
  if (!configFile) throw new UsageError("no setup found: pass -c FILE (or run 'svwiz init')");
  const layout = defaultLayout(chosen === 'systemd-user' ? 'user' : 'system', facts.user.home, facts.runtimeDir);
  const { spec, warnings } = buildServiceSpec(
    {
      kind: chosen,
      name: opts.name ?? record?.serviceName ?? 'svwiz',
      backend: opts.backend ?? record?.backend ?? 'svwizd',
      configFile,
      pidFile: opts.pidfile ?? record?.pidFile ?? layout.pidFile,
      home: facts.user.home,
      networkOnline: opts.networkOnline ?? record?.networkOnline ?? false,
      lowMemory: opts.lowMemory ?? record?.lowMemory ?? false,
    },
    { PATH: facts.PATH, root },
  );
  for (const warning of warnings) print(`! ${warning}`);
  const plan = planForSpec(spec, root, facts.PATH);
  if (opts.dryRun) {
    print(await renderPlanDiff(plan, root));
    print('Dry run: nothing was changed.');
    return 0;
  }
  const session = new PromptSession({ interactive: decideInteractive({ yes: !!opts.yes, stdinIsTTY: process.stdin.isTTY, stdoutIsTTY: process.stdout.isTTY, env: process.env }) });
  if (!(await confirmOverwrites(session, await changedExistingFiles([plan], root), opts.overwrite, print))) {
    print('Nothing was changed.');
    return 1;
  }
  const manifestPath = manifestFile(chosen === 'systemd-user' ? 'user' : 'system', facts.user.home, facts.runtimeDir);
  const manifest = await applyServiceInstall(spec, plan, { root, manifestFile: manifestPath, backupDir: backupDirFrom(process.env) });
  if (!manifest.entries.length) print('Nothing to change: the service is already installed as asked.');
  for (const entry of manifest.entries) {
    const op = entry.operation;
    print(op.kind === 'exec' ? `${marksFor().ok} ran ${op.argv.join(' ')}` : `${marksFor().ok} ${entry.created ? 'created' : 'updated'} ${op.path}`);
  }
  print(`DAEMON=${daemonLaunchWords(spec).join(' ')}\nSUPERVISORCTL=${spec.ctl.binary}${spec.ctl.script ? ` ${spec.ctl.script}` : ''}\nPATH=${spec.PATH}`);
  print(`Manifest: ${manifestPath} (svwiz service uninstall reverses exactly it)`);
  if (chosen === 'systemd-user') print(`To start it at boot without logging in: sudo loginctl enable-linger ${facts.user.name}`);
  return 0;
}

export async function runServiceUninstall(opts: ServiceUninstallOptions): Promise<number> {
  const root = path.resolve(opts.root ?? '/');
  const facts = await gatherFacts({ root, versions: false });
  const mode: SetupMode = opts.user || !facts.isRoot ? 'user' : 'system';
  const serviceManifest = manifestFile(mode, facts.user.home, facts.runtimeDir);
  const backupDir = backupDirFrom(process.env);
  const dryRun = !!opts.dryRun;
  // An adopted Supervisor comes back too (#13): the setup record leads to what adopting changed.
  const setup = opts.config ? findSetupRecord(root, { configFile: opts.config }) : existingRecord(facts);
  const adopted = setup ? await readAdoptionRecord(root, adoptionRecordPath(setup.includeDir)) : null;
  const hasService = !!(await readServiceRecord(root, serviceManifest));
  const lines: string[] = [];
  const problems: string[] = [];
  if (hasService || !adopted) {
    const result = await uninstallService({ root, manifestFile: serviceManifest, PATH: facts.PATH, dryRun, backupDir });
    lines.push(...result.undone);
    problems.push(...result.problems);
  }
  if (setup && adopted) {
    const undo = await undoAdoption(setup, { root, offline: root !== '/', dryRun, backupDir, serviceStoppedIt: hasService });
    if (undo) {
      lines.push(...undo.undone);
      problems.push(...undo.problems);
      if (!dryRun && !undo.problems.length) lines.push(`the Supervisor on ${undo.adoptedConfig} is back as it was`);
    }
  }
  for (const line of lines) print(`${dryRun ? 'would undo' : marksFor().ok} ${line}`);
  for (const problem of problems) print(`! ${problem}`);
  if (dryRun) print('Dry run: nothing was changed.');
  return problems.length ? 1 : 0;
}

export async function runServiceStatus(opts: ServiceStatusOptions): Promise<number> {
  const root = path.resolve(opts.root ?? '/');
  const facts = await gatherFacts({ root, versions: false });
  const mode: SetupMode = opts.user || !facts.isRoot ? 'user' : 'system';
  const file = manifestFile(mode, facts.user.home, facts.runtimeDir);
  const status = await serviceStatus({ root, manifestFile: file, PATH: facts.PATH });
  if (opts.json) {
    print(renderJsonDocument({ ...status, manifest: (await readServiceRecord(root, file)) ? file : null, initSystem: facts.initSystem }).trimEnd());
    return status.installed ? 0 : 3;
  }
  if (!status.installed) {
    print(`No svwiz boot service installed (init system: ${facts.initSystem.kind}). Install one with: svwiz service install`);
    return 3;
  }
  print(`${status.spec!.kind} service ${status.spec!.name}: ${status.file}`);
  print(`DAEMON=${daemonLaunchWords(status.spec!).join(' ')}  config ${status.spec!.configFile}`);
  if (status.state !== undefined) print(status.state);
  return status.active === false ? 3 : 0;
}
