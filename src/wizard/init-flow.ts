/**
 * `svwiz init`: detect → ask → plan → (diff, confirm) → apply → boot service → start → wait
 * until the supervisor answers → doctor → say what was done and what to run next.
 * Every question comes before the first change, so Ctrl-C at any prompt changes nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { applyPlan } from '../plan/apply.js';
import { backupDirFrom } from './backup-dir.js';
import { renderPlanDiff } from '../plan/render.js';
import type { Plan } from '../plan/types.js';
import { applyServiceInstall, buildServiceSpec, installContext, planForSpec } from '../service/install.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultSearchPaths } from '../config/discover.js';
import { gatherSupervisorInventory } from '../doctor/supervisor-inventory.js';
import { isPidAlive } from '../system/processes.js';
import { adoptionRecordPath, writeAdoptionRecord } from './adoption-record.js';
import { chooseExistingConfig, describeExistingSupervisor, readExistingSupervisor, type ExistingSupervisor } from './existing-supervisor.js';
import { describeAdoption, planAdoption, type AdoptionPlan } from './plan-adopt.js';
import { readServiceRecord } from '../service/manifest-store.js';
import { resolveServiceBinaries } from '../service/resolve-binaries.js';
import type { ServiceSpec } from '../service/types.js';
import { UsageError, UserError } from '../errors.js';
import { findTcpListeners } from '../system/ports.js';
import { gatherFacts, isPortFree } from './facts.js';
import { askExistingChoice, askInitQuestions, existingRecord } from './init-questions.js';
import type { InitFlags, WizardCommonFlags } from './flags.js';
import { defaultLayout } from './layout.js';
import { changedExistingFiles, confirmOverwrites } from './overwrite.js';
import { planInit } from './plan-init.js';
import { startStep } from './progress.js';
import { explainStartFailure } from '../doctor/explain-start-failure.js';
import { promptSessionFor, type PromptSessionOptions } from './prompts.js';
import { findSetupRecord, readStoredWebPassword } from './existing-setup.js';
import { describeDoctor, describeFacts } from './report.js';
import { serverUrlOf } from './render-config.js';
import { connect, startSupervisorProcess, waitUntilAnswering } from './supervisor-control.js';
import type { InitAnswers, SetupRecord, SystemFacts } from './types.js';
import { marksFor } from '../system/terminal-style.js';

/** The doctor's checks, loaded only when a start failed (a good init never pays for them). */
const loadAllChecks = async () => (await import('../../checks/index.js')).allChecks;

export interface InitOptions extends InitFlags, WizardCommonFlags, PromptSessionOptions {
  env?: NodeJS.ProcessEnv;
  out?: (text: string) => void;
}

async function changesOf(plan: Plan, root: string): Promise<number> {
  const files = { ...plan, operations: plan.operations.filter((op) => op.kind !== 'exec') };
  return (await applyPlan(files, { root, dryRun: true })).entries.length;
}

function nextCommands(answers: InitAnswers, spec: ServiceSpec | null): string[] {
  const ctl = answers.backend === 'svwizd' ? 'svwizctl' : 'supervisorctl';
  const configArg = answers.configFile === '/etc/supervisord.conf' ? '' : ` -c ${answers.configFile}`;
  const lines = [
    `  svwiz add-program NAME${configArg}   (add your first program)`,
    `  ${ctl}${configArg} status   (what runs)`,
    `  svwiz doctor${configArg}   (check the setup again)`,
  ];
  if (spec) lines.push(`  svwiz service status   (the boot service: ${spec.kind} ${spec.name})`);
  return lines;
}

export async function runInit(options: InitOptions): Promise<number> {
  const out = options.out ?? ((text: string) => process.stdout.write(text + '\n'));
  const env = options.env ?? process.env;
  const root = path.resolve(options.root ?? '/');
  const offline = root !== '/';
  const facts: SystemFacts = await gatherFacts({ root, env });
  out(describeFacts(facts).join('\n'));
  out('');

  const session = promptSessionFor(options, env);
  const record =
    options.config || options.includeDir
      ? findSetupRecord(root, { configFile: options.config, includeDir: options.includeDir })
      : existingRecord(facts);
  const storedPassword = record ? readStoredWebPassword(root, record.configFile) : null;

  // A Supervisor already here (and not svwiz's own setup): say what it is and what happens to it.
  const existing = record ? undefined : findExistingSupervisor(root, facts, options.config);
  let adoption: AdoptionPlan | undefined;
  if (existing) {
    out(describeExistingSupervisor(existing).join('\n'));
    out('');
    const choice = await askExistingChoice(session, options, existing.configFile);
    const layout = defaultLayout(options.mode ?? (facts.isRoot ? 'system' : 'user'), facts.user.home, facts.runtimeDir);
    adoption = planAdoption(existing, choice, {
      offline,
      defaultConfigFile: layout.configFile,
      ownConfigFile: path.join(path.dirname(layout.includeDir), 'supervisord.conf'),
      searchPaths: defaultSearchPaths('/usr/bin/supervisord', '/').filter((file) => path.isAbsolute(file)),
      ...(offline ? {} : { systemctl: installContext(root, facts.PATH).tools?.systemctl }),
    });
  }
  const answers = await askInitQuestions(session, options, facts, { record, storedPassword, ...(adoption ? { adoption } : {}) }, (text) => out(`! ${text}`));

  await assertPortUsable(answers, record, offline);

  const setupPlan = planInit(answers);
  // The old service stops and is disabled before the new setup is written: one manifest, reversed exactly by uninstall.
  const plan: Plan = adoption?.operations.length ? { ...setupPlan, operations: [...adoption.operations, ...setupPlan.operations] } : setupPlan;
  const adoptionNotes = adoption && existing ? describeAdoption(adoption, existing, answers) : [];
  for (const note of adoptionNotes) out(note);
  if (adoptionNotes.length) out('');
  const layout = defaultLayout(answers.mode, facts.user.home, facts.runtimeDir);
  let spec: ServiceSpec | null = null;
  let servicePlan: Plan | null = null;
  const warnings: string[] = [];
  if (answers.service !== 'none') {
    const built = buildServiceSpec(
      { kind: answers.service, name: answers.serviceName, backend: answers.backend, configFile: answers.configFile, pidFile: answers.pidFile, home: facts.user.home, networkOnline: answers.networkOnline, lowMemory: answers.lowMemory },
      { PATH: facts.PATH, root },
    );
    spec = built.spec;
    warnings.push(...built.warnings);
    servicePlan = planForSpec(spec, root, facts.PATH);
  }
  for (const warning of warnings) out(`! ${warning}`);

  const plans = [plan, ...(servicePlan ? [servicePlan] : [])];
  if (options.dryRun) {
    for (const p of plans) out(await renderPlanDiff(p, root));
    out('Dry run: nothing was changed.');
    return 0;
  }

  const serviceRecord = spec ? await readServiceRecord(root, layout.serviceManifest) : null;
  const serviceUnchanged = !servicePlan || (!!serviceRecord && (await changesOf(servicePlan, root)) === 0);
  const configChanges = await changesOf(plan, root);
  if (configChanges === 0 && serviceUnchanged) {
    out('Nothing to change: this setup is already in place.');
    if (options.start !== false && !offline) await ensureRunning(answers, facts, out, false);
    return 0;
  }

  // Naming --existing adopt|python is the consent to replace the adopted config (backed up, restored by uninstall).
  const consented = adoption && adoption.choice !== 'side-by-side' && options.existing ? new Set([answers.configFile]) : new Set<string>();
  const overwrites = (await changedExistingFiles(plans, root)).filter((file) => !consented.has(file.path));
  if (!(await confirmOverwrites(session, overwrites, options.overwrite, out))) {
    out('Left the existing files as they are: nothing was changed.');
    return 1;
  }
  if (session.interactive) {
    // One line per step here; --dry-run shows the full diff.
    for (const p of plans) {
      const lines = (await renderPlanDiff(p, root)).split('\n');
      out(lines.filter((line) => line && !/^([-+@ \\]|Index:)/.test(line)).join('\n'));
    }
    const go = await session.confirm({ flag: '--yes', message: 'Apply this setup?', default: true });
    if (!go) {
      out('Nothing was changed.');
      return 1;
    }
  }

  const done: string[] = [];
  const manifest = await applyPlan(plan, { root, backupDir: backupDirFrom(env) });
  for (const entry of manifest.entries) {
    const op = entry.operation;
    if (op.kind === 'exec') done.push(`ran ${op.argv.join(' ')}`);
    else done.push(`${op.kind === 'unlink' ? 'removed' : entry.created ? 'created' : 'updated'} ${op.path}${entry.backup ? ` (backup: ${entry.backup})` : ''}`);
  }
  if (adoption && existing && adoption.choice !== 'side-by-side' && manifest.entries.length) {
    const recordFile = adoptionRecordPath(answers.includeDir);
    await writeAdoptionRecord(root, recordFile, { version: 1, choice: adoption.choice, adoptedConfig: existing.configFile, manifest });
    done.push(`recorded the adoption in ${recordFile} ('svwiz service uninstall' reverses it)`);
  }
  if (adoption?.stoppedPids.length) await waitUntilGone(adoption.stoppedPids, out);
  if (spec && servicePlan && !serviceUnchanged) {
    const step = startStep(`installing the ${spec.kind} service ${spec.name}`);
    try {
      const serviceManifest = await applyServiceInstall(spec, servicePlan, { root, manifestFile: layout.serviceManifest, backupDir: backupDirFrom(env) });
      step.succeed(`installed the ${spec.kind} service ${spec.name}`);
      for (const entry of serviceManifest.entries) {
        const op = entry.operation;
        done.push(op.kind === 'exec' ? `ran ${op.argv.join(' ')}` : `${entry.created ? 'created' : 'updated'} ${op.path}`);
      }
    } catch (error) {
      step.fail(`installing the service failed`);
      throw error;
    }
  }
  out('');
  out('Done:');
  for (const line of done) out(`  ${marksFor().ok} ${line}`);

  let code = 0;
  if (offline) {
    out(`\nWritten under ${root}; the supervisor starts when the target boots.`);
  } else if (options.start !== false) {
    code = await ensureRunning(answers, facts, out, configChanges > 0 && !!record);
    if (code === 0 && options.doctor !== false) code = await printDoctor(answers, root, env, out);
  }

  if (answers.web) {
    out(`\nWeb UI: http://${answers.webHost === '0.0.0.0' ? '<this-machine>' : answers.webHost}:${answers.webPort}/  user ${answers.webUser}`);
    if (answers.webPasswordPlain) {
      out(`  password: ${answers.webPasswordPlain}   (shown once: the config keeps only its {SHA} hash)`);
    }
  }
  if (answers.mode === 'user' && spec?.kind === 'systemd-user') {
    out(`\nTo keep it running after you log out and start it at boot: sudo loginctl enable-linger ${facts.user.name}`);
  }
  if (answers.service === 'none' && !offline) {
    out(`\nNo boot service: ${facts.initSystem.container ? "in a container, start it from the entrypoint: " : 'start it at boot yourself with: '}${answers.backend} -n -c ${answers.configFile}`);
  }
  out('\nNext:');
  for (const line of nextCommands(answers, spec)) out(line);
  return code;
}

/** The existing Supervisor init deals with: the one --config names, else the one the inventory points at. */
function findExistingSupervisor(root: string, facts: SystemFacts, configFlag: string | undefined): ExistingSupervisor | undefined {
  const inventory = gatherSupervisorInventory({ root, PATH: facts.PATH });
  // With --config only that file counts: another supervisor on this machine is none of this setup's business.
  const configFile = configFlag ?? chooseExistingConfig(inventory, new Set());
  return configFile ? readExistingSupervisor(root, inventory, configFile) : undefined;
}

/** The old daemon must be gone before the new one starts: two would fight over the programs. */
async function waitUntilGone(pids: number[], out: (text: string) => void): Promise<void> {
  const deadline = Date.now() + 30000;
  while (pids.some((pid) => isPidAlive(pid))) {
    if (Date.now() > deadline) throw new UserError(`the old supervisor (pid ${pids.filter((pid) => isPidAlive(pid)).join(', ')}) did not stop within 30 s; stop it, then run 'svwiz init' again`);
    await sleep(200);
  }
  out(`${marksFor().ok} the old supervisor stopped (pid ${pids.join(', ')})`);
}

/** A web port someone else listens on would stop the supervisor from starting ("Another program is already listening"). */
async function assertPortUsable(answers: InitAnswers, record: SetupRecord | null, offline: boolean): Promise<void> {
  if (!answers.web || offline) return;
  if (record?.web && record.web.port === answers.webPort) return; // our own running supervisor holds it
  if (await isPortFree(answers.webPort, answers.webHost === '0.0.0.0' || answers.webHost === '' ? '0.0.0.0' : answers.webHost)) return;
  const holder = findTcpListeners(answers.webPort)[0];
  const who = holder?.pid ? ` by ${holder.processName ?? 'pid'} (pid ${holder.pid})` : '';
  throw new UsageError(`--web-port: port ${answers.webPort} is already in use${who}; choose another port`);
}

/** Make sure the supervisor answers: started by the service already, or start it ourselves. */
async function ensureRunning(answers: InitAnswers, facts: SystemFacts, out: (text: string) => void, configChangedWhileRunning: boolean): Promise<number> {
  const client = connect(serverUrlOf(answers));
  const step = startStep(`waiting for ${answers.backend} to answer on ${answers.socketFile}`);
  try {
    try {
      const pid = await waitUntilAnswering(client, { timeoutMs: answers.service === 'none' ? 1500 : 30000 });
      step.succeed(`${answers.backend} is running (pid ${pid})`);
      if (configChangedWhileRunning) out(`! the config changed while it runs: restart it to apply (${answers.service === 'none' ? `${answers.backend === 'svwizd' ? 'svwizctl' : 'supervisorctl'} reload` : `svwiz service status; systemctl restart ${answers.serviceName}`})`);
      return 0;
    } catch {
      if (answers.service !== 'none') throw new Error('service did not start it');
    }
    const binaries = resolveServiceBinaries({ backend: answers.backend, PATH: facts.PATH, root: '/', transient: true });
    const startLog = path.join(answers.logDir, 'startup.log');
    step.update(`starting ${answers.backend} (-n -c ${answers.configFile})`);
    const pid = startSupervisorProcess(binaries.daemon, answers.configFile, startLog, {
      PATH: binaries.PATH,
      ...(process.env.LANG ? { LANG: process.env.LANG } : {}),
      HOME: facts.user.home,
    });
    const answered = await waitUntilAnswering(client, { pid, timeoutMs: 30000 });
    step.succeed(`${answers.backend} is running (pid ${answered})`);
    return 0;
  } catch (error) {
    step.fail(`${answers.backend} does not answer on ${answers.socketFile}: ${(error as Error).message}`);
    const startLog = readFile(path.join(answers.logDir, 'startup.log'), 'utf8').catch(() => '');
    const tail = (await startLog).trimEnd().split('\n').slice(-10).join('\n');
    if (tail) out(tail.split('\n').map((line) => `  | ${line}`).join('\n'));
    out(`  see ${path.join(answers.logDir, 'startup.log')} and ${path.join(answers.logDir, 'supervisord.log')}`);
    await explainStartFailure(answers.configFile, (text) => out(text.trimEnd()), loadAllChecks);
    return 1;
  } finally {
    client.close();
  }
}

async function printDoctor(answers: InitAnswers, root: string, env: NodeJS.ProcessEnv, out: (text: string) => void): Promise<number> {
  const step = startStep('running the doctor');
  try {
    const [{ runDoctor }, { allChecks }] = await Promise.all([import('../doctor/run.js'), import('../../checks/index.js')]);
    const report = await runDoctor({ configFile: answers.configFile, root, env, registry: allChecks });
    step.succeed('doctor finished');
    out(describeDoctor(report).join('\n'));
    return report.summary.error > 0 ? 1 : 0;
  } catch (error) {
    step.fail(`the doctor could not run: ${(error as Error).message}`);
    return 0;
  }
}
