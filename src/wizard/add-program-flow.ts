/**
 * `svwiz add-program [NAME]`: ask → write INCLUDE_DIR/NAME.ini → reread + update over XML-RPC →
 * wait for RUNNING (past startsecs), or show the stderr tail and the doctor's diagnosis.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { applyPlan } from '../plan/apply.js';
import { backupDirFrom } from './backup-dir.js';
import { mapToRoot } from '../system/paths.js';
import { renderPlanDiff } from '../plan/render.js';
import { UserError } from '../errors.js';
import type { RpcClient } from '../protocol/transport.js';
import { gatherFacts } from './facts.js';
import { findSetupRecord, targetFromConfig, targetFromRecord, type ProgramTarget } from './existing-setup.js';
import { existingRecord } from './init-questions.js';
import { offerEnvironment, readLoginEnvironment, readProcessEnvironment } from './login-env.js';
import { changedExistingFiles, confirmOverwrites } from './overwrite.js';
import { planAddProgram } from './plan-program.js';
import { askProgramBasics, askProgramRest } from './program-questions.js';
import type { ProgramFlags, WizardCommonFlags } from './flags.js';
import { startStep } from './progress.js';
import { promptSessionFor, type PromptSessionOptions } from './prompts.js';
import { describeDoctor } from './report.js';
import { connect, rereadAndUpdate, tailProgramOutput, waitForRunning } from './supervisor-control.js';
import type { SystemFacts } from './types.js';
import { marksFor } from '../system/terminal-style.js';

export interface ProgramCommandOptions extends WizardCommonFlags, PromptSessionOptions {
  config?: string;
  env?: NodeJS.ProcessEnv;
  out?: (text: string) => void;
  /** How long to wait for RUNNING beyond startsecs. */
  waitMs?: number;
}

export interface ResolvedTarget {
  facts: SystemFacts;
  target: ProgramTarget;
}

/** The setup to add to: -c FILE, or the record `svwiz init` left. */
export async function resolveTarget(options: { root: string; config?: string; env: NodeJS.ProcessEnv }): Promise<ResolvedTarget> {
  const facts = await gatherFacts({ root: options.root, env: options.env, versions: false });
  const record = existingRecord(facts);
  if (options.config) {
    const near = findSetupRecord(options.root, { configFile: options.config });
    const target = near ? targetFromRecord(near) : targetFromConfig(options.root, options.config, facts.isRoot);
    return { facts, target };
  }
  if (record) return { facts, target: targetFromRecord(record) };
  for (const file of facts.installs.defaultConfigs) return { facts, target: targetFromConfig(options.root, file, facts.isRoot) };
  throw new UserError("no supervisor setup found: run 'svwiz init' first, or pass -c FILE");
}

async function supervisorFacts(client: RpcClient | null): Promise<{ names: string[]; env: Record<string, string> | null }> {
  if (!client) return { names: [], env: null };
  try {
    const infos = (await client.call('supervisor.getAllProcessInfo')) as { name: string; group: string }[];
    const pid = (await client.call('supervisor.getPID')) as number;
    return { names: [...new Set(infos.flatMap((info) => [info.name, info.group]))], env: readProcessEnvironment(pid) };
  } catch {
    return { names: [], env: null };
  }
}

export async function runAddProgram(name: string | undefined, flags: ProgramFlags, options: ProgramCommandOptions): Promise<number> {
  const out = options.out ?? ((text: string) => process.stdout.write(text + '\n'));
  const env = options.env ?? process.env;
  const root = path.resolve(options.root ?? '/');
  const offline = root !== '/';
  const { facts, target } = await resolveTarget({ root, config: options.config, env });
  const session = promptSessionFor(options, env);

  const client = offline ? null : connect(target.serverUrl, target.auth);
  try {
    const running = await supervisorFacts(client);
    const supervisorEnv = running.env ?? { PATH: facts.PATH };
    const supervisorUser = target.mode === 'system' ? 'root' : facts.user.name;
    const questionFacts = {
      root,
      logDir: target.logDir,
      supervisorPath: supervisorEnv.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      // A name whose file svwiz manages in the include dir is a re-run (diff, confirm), not a clash.
      existingNames: running.names.filter((n) => !existsSync(mapToRoot(root, path.join(target.includeDir, `${n}.ini`)))),
      defaultUser: facts.isRoot ? (env.SUDO_USER && env.SUDO_USER !== 'root' ? env.SUDO_USER : null) : null,
      canSwitchUser: facts.isRoot,
      supervisorUser,
    };
    const basics = await askProgramBasics(session, { ...flags, name: name ?? flags.name }, questionFacts, out);
    const loginUser = basics.user ?? supervisorUser;
    const loginEnv = offline || flags.loginEnv === false ? {} : await readLoginEnvironment(loginUser, { isRoot: facts.isRoot, selfName: facts.user.name });
    const offered = offerEnvironment(loginEnv, supervisorEnv, { programUser: basics.user, supervisorUser });
    if (offered.length) {
      out(`${loginUser}'s login shell sets variables the supervisor will not pass on (it starts no shell):`);
      for (const variable of offered) out(`  ${variable.key}=${variable.value}   (${variable.why})`);
    }
    const answers = await askProgramRest(session, flags, questionFacts, basics, offered);
    const plan = planAddProgram(answers, target.includeDir);

    if (options.dryRun) {
      out(await renderPlanDiff(plan, root));
      out('Dry run: nothing was changed.');
      return 0;
    }
    const pending = (await applyPlan(plan, { root, dryRun: true })).entries.length;
    if (pending === 0) {
      out(`Nothing to change: ${path.join(target.includeDir, `${answers.name}.ini`)} is already as asked.`);
    } else {
      const overwrites = await changedExistingFiles([plan], root);
      if (!(await confirmOverwrites(session, overwrites, options.overwrite, out))) {
        out('Nothing was changed.');
        return 1;
      }
      const manifest = await applyPlan(plan, { root, backupDir: backupDirFrom(env) });
      for (const entry of manifest.entries) {
        const op = entry.operation;
        if (op.kind === 'write') out(`${marksFor().ok} wrote ${op.path}${entry.backup ? ` (backup: ${entry.backup})` : ''}`);
      }
    }
    if (!client) {
      out(`Written under ${root}; the program starts with the supervisor on the target.`);
      return 0;
    }
    return await startAndWatch(client, answers.name, answers.startsecs, answers.autostart, target, root, env, out, options.waitMs);
  } finally {
    client?.close();
  }
}

async function startAndWatch(
  client: RpcClient,
  name: string,
  startsecs: number,
  autostart: boolean,
  target: ProgramTarget,
  root: string,
  env: NodeJS.ProcessEnv,
  out: (text: string) => void,
  waitMs?: number,
): Promise<number> {
  const step = startStep(`asking the supervisor to read ${name} (reread + update)`);
  try {
    const update = await rereadAndUpdate(client, [name]);
    step.update(update.added.length || update.changed.length ? `${name} added; waiting for RUNNING (startsecs ${startsecs})` : `${name} unchanged; checking its state`);
    if (!autostart) {
      step.succeed(`${name} added (autostart=false: start it with 'svwizctl start ${name}')`);
      return 0;
    }
    const info = await waitForRunning(client, name, {
      timeoutMs: (waitMs ?? 30000) + startsecs * 1000 * 5,
      onState: (state) => step.update(`${name}: ${state}`),
    });
    if (info.statename === 'RUNNING') {
      step.succeed(`${name} is RUNNING (${info.description})`);
      return 0;
    }
    step.fail(`${name} is ${info.statename}${info.spawnerr ? `: ${info.spawnerr}` : ''}`);
  } catch (error) {
    step.fail(`the supervisor at ${target.serverUrl} did not take the program: ${(error as Error).message}`);
    out(`The file is written; start the supervisor, or check it with: svwiz doctor -c ${target.configFile}`);
    return 1;
  }
  const tail = await tailProgramOutput(client, name);
  if (tail.trim()) {
    out(`Last output of ${name}:`);
    out(tail.trimEnd().split('\n').slice(-15).map((line) => `  | ${line}`).join('\n'));
  }
  try {
    const [{ runDoctor }, { allChecks }] = await Promise.all([import('../doctor/run.js'), import('../../checks/index.js')]);
    const report = await runDoctor({ configFile: target.configFile, root, env, registry: allChecks });
    out(describeDoctor(report, name).join('\n'));
  } catch (error) {
    out(`(the doctor could not run: ${(error as Error).message})`);
  }
  return 1;
}
