/**
 * `npm run bench`: runs every scenario of issue #8 against svwizd, Python supervisord 4.2.5 and
 * PM2, each daemon in turn with generated configs in a temp dir, and prints one Markdown table
 * (median (min–max), ratio svwizd/supervisord) to stdout and bench/results/latest.md.
 * Progress goes to stderr. Every process started is torn down, also on Ctrl-C.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readBenchOptions } from './bench-options.js';
import type { DaemonUnderTest } from './daemons/daemon-under-test.js';
import { pm2Daemon, pm2Version } from './daemons/pm2-daemon.js';
import { supervisorFamily } from './daemons/supervisor-family.js';
import { readMachineInfo, renderMachineInfo } from './machine-info.js';
import { daemonOrderForRep } from './rep-order.js';
import { installTeardownOnExit, tearDownAll } from './process-teardown.js';
import { renderResultsTable } from './results-table.js';
import { benchRows } from './rows.js';
import { runLargeFleetSession, runLowMemoryFleetSession, runSlowStartSessions, runSmallFleetSession } from './scenarios/fleet.js';
import { runEmptyDaemonSession } from './scenarios/idle-daemon.js';
import { runLogCaptureSession, runWriterAlone } from './scenarios/log-capture.js';
import { runReactionSession } from './scenarios/reaction.js';
import { runLowMemoryPollSession, runRpcLoadSession } from './scenarios/rpc-load.js';
import { BenchContext } from './scenarios/scenario-context.js';
import { runBaselines, runDoctorSession } from './scenarios/tools.js';
import { runWebPageSession } from './scenarios/web-page.js';
import { readPackageVersion } from '../src/process/package-version.js';
import { LOW_MEMORY_NODE_FLAGS } from '../src/service/low-memory.js';
import { binArgv, REPO_ROOT, SVWIZCTL, SVWIZD } from './svwiz-build.js';

interface Session {
  id: string;
  applies: (daemon: DaemonUnderTest) => boolean;
  run: (ctx: BenchContext, daemon: DaemonUnderTest) => Promise<void>;
}

/**
 * svwizd as its boot service runs it in low-memory mode (src/service/low-memory.ts): node with
 * the mode's flags, then the daemon's file. Its rows are its own (…Low), never svwizd's default ones.
 */
const svwizdLowMemory = supervisorFamily({
  id: 'svwizd',
  heading: 'svwizd (low-memory mode)',
  daemonArgv: [process.execPath, ...LOW_MEMORY_NODE_FLAGS, SVWIZD, '-n'],
  ownCtlArgv: binArgv(SVWIZCTL),
});

async function runLowMemorySessions(ctx: BenchContext): Promise<void> {
  await runLowMemoryFleetSession(ctx, svwizdLowMemory);
  await runLowMemoryPollSession(ctx, svwizdLowMemory);
}

const SESSIONS: Session[] = [
  { id: 'empty', applies: () => true, run: runEmptyDaemonSession },
  { id: 'reaction', applies: () => true, run: runReactionSession },
  { id: 'logs', applies: (daemon) => daemon.supports.logCapture, run: runLogCaptureSession },
  { id: 'fleet', applies: () => true, run: runSmallFleetSession },
  { id: 'large', applies: () => true, run: runLargeFleetSession },
  { id: 'slow', applies: (daemon) => daemon.supports.startsecs, run: runSlowStartSessions },
  { id: 'doctor', applies: (daemon) => daemon.id === 'svwizd', run: runDoctorSession },
  { id: 'web', applies: (daemon) => daemon.id === 'svwizd', run: runWebPageSession },
  { id: 'rpcload', applies: (daemon) => daemon.id !== 'pm2', run: runRpcLoadSession },
  { id: 'lowmem', applies: (daemon) => daemon.id === 'svwizd', run: runLowMemorySessions },
];

function daemonsUnderTest(ids: readonly string[], ctx: BenchContext): DaemonUnderTest[] {
  const all: DaemonUnderTest[] = [];
  if (existsSync(SVWIZD)) {
    // BENCH_SVWIZD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the daemon under test;
    // set (or for the tsc build, which has no flags in its `#!`) it is `node ARGS FILE`, which
    // bypasses the file's `#!` line and the flags there.
    const nodeArgs = process.env.BENCH_SVWIZD_NODE_ARGS?.split(' ').filter(Boolean);
    const daemonArgv = nodeArgs === undefined ? [...binArgv(SVWIZD), '-n'] : [process.execPath, ...nodeArgs, SVWIZD, '-n'];
    all.push(supervisorFamily({ id: 'svwizd', heading: 'svwizd', daemonArgv, ownCtlArgv: binArgv(SVWIZCTL) }));
  } else if (ids.includes('svwizd')) {
    ctx.problem(`svwizd is not built (${SVWIZD} missing: npm run bundle): its column stays empty`);
  }
  all.push(
    supervisorFamily({ id: 'supervisord', heading: 'supervisord 4.2.5', daemonArgv: ['/usr/bin/supervisord', '-n'], ownCtlArgv: ['/usr/bin/supervisorctl'] }),
    pm2Daemon(),
  );
  return all.filter((daemon) => ids.includes(daemon.id));
}

async function main(): Promise<void> {
  const options = readBenchOptions(process.env);
  const rootDir = mkdtempSync(path.join(os.tmpdir(), 'svb-'));
  // PM2 reads PM2_HOME when first loaded; keep it (and its default instance) inside the run's dir.
  process.env.PM2_HOME = path.join(rootDir, 'pm2-default');
  installTeardownOnExit(async () => {
    await tearDownAll();
    rmSync(rootDir, { recursive: true, force: true });
  });
  const ctx = new BenchContext(options, rootDir);
  const machine = readMachineInfo({ pm2: pm2Version(), svwiz: readPackageVersion() });
  const daemons = daemonsUnderTest(options.daemons, ctx);
  // Rep 1 runs them in the order BENCH_DAEMONS names them; the table keeps its own column order.
  const firstRepOrder = [...new Set(options.daemons)].flatMap((id) => daemons.filter((daemon) => daemon.id === id));
  const sessions = SESSIONS.filter((session) => options.sessions.length === 0 || options.sessions.includes(session.id));
  const budgetMs = Number(process.env.BENCH_MAX_MINUTES ?? (options.quick ? 6 : 40)) * 60_000;
  const deadline = Date.now() + budgetMs;
  ctx.progress(`run dir ${rootDir}; ${options.reps} rep(s); daemons (rep 1's order, reversed in even reps): ${firstRepOrder.map((daemon) => daemon.id).join(', ')}; sessions: ${sessions.map((session) => session.id).join(', ')}`);

  try {
    for (let rep = 1; rep <= options.reps; rep += 1) {
      ctx.progress(`— rep ${rep}/${options.reps}: baselines`);
      await runBaselines(ctx);
      if (sessions.some((session) => session.id === 'logs')) await runWriterAlone(ctx);
      // Session by session, each daemon in turn: a time budget or a noisy spell hits all alike.
      const order = daemonOrderForRep(firstRepOrder, rep);
      for (const session of sessions) {
        for (const daemon of order) {
          if (!session.applies(daemon)) continue;
          if (Date.now() > deadline) {
            ctx.problem(`time budget of ${budgetMs / 60_000} min used up: skipped ${daemon.id}/${session.id} in rep ${rep}`);
            continue;
          }
          ctx.progress(`rep ${rep}: ${daemon.id} / ${session.id}`);
          try {
            await session.run(ctx, daemon);
          } catch (error) {
            ctx.problem(`${daemon.id}/${session.id} (rep ${rep}): ${(error as Error).message}`);
            await tearDownAll();
          }
        }
      }
    }
  } finally {
    await tearDownAll();
    rmSync(rootDir, { recursive: true, force: true });
  }

  const table = renderResultsTable(benchRows(options.sizes), ctx.samples, { daemons: daemons.map((daemon) => ({ id: daemon.id, heading: daemon.heading })) });
  const notes = ctx.problems.length > 0 ? `\nProblems during the run:\n${ctx.problems.map((problem) => `- ${problem}`).join('\n')}\n` : '';
  const order = `daemon order ${firstRepOrder.map((daemon) => daemon.id).join(' → ')} in odd reps, reversed in even ones`;
  const settings = `${options.quick ? 'BENCH_QUICK=1, ' : ''}${options.reps} rep(s), ${options.commandRuns} timed runs per CLI command per rep, ${options.kills} kills per variant per rep, ${order}`;
  const report = `# svwiz benchmark\n\n${renderMachineInfo(machine)}\n- settings: ${settings}\n\n${table}${notes}`;
  process.stdout.write(report);
  const resultsDir = path.join(REPO_ROOT, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  // Only a full run of everything replaces latest.md; quick or partial runs get their own file.
  const partial = options.sessions.length > 0 || daemons.length < 3;
  writeFileSync(path.join(resultsDir, options.quick ? 'latest-quick.md' : partial ? 'latest-partial.md' : 'latest.md'), report);
}

await main();
process.exit(0);
