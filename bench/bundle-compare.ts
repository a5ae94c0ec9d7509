/**
 * The tsc build (dist/src/bin) against the shipped single-file bins (bundle/, `npm run bundle`),
 * issue 16: svwizd's idle RSS with 100 programs, `svwizctl status` against it (wall time and the
 * client's max RSS from /usr/bin/time -v) and `svwizctl -v`. Median (min–max) of BENCH_RUNS
 * (default 10) runs after 2 warm-ups. Run: `npm run build && npm run bundle && node
 * dist/bench/bundle-compare.js`; prints Markdown rows for docs/benchmark.md.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand, timeCommand } from './command-timing.js';
import { defaultProgram } from './config-render.js';
import type { CommandLine } from './daemons/daemon-under-test.js';
import { supervisorFamily } from './daemons/supervisor-family.js';
import { rssMegabytes } from './proc-stats.js';
import { sleeperArgv } from './program-commands.js';
import { summarize } from './stats.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const WARMUP = 2;
const PROGRAMS = 100;
const BUILDS = {
  dist: (name: string) => path.join(REPO, 'dist/src/bin', `${name}.js`),
  bundle: (name: string) => path.join(REPO, 'bundle', `${name}.js`),
};

function show(samples: number[], unit: string, digits = 0): string {
  const s = summarize(samples);
  return s ? `${s.median.toFixed(digits)} ${unit} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})` : '—';
}

/** Max RSS in MB of COMMAND, by /usr/bin/time -v (the kernel's peak for the whole run). */
async function maxRssMegabytes(command: CommandLine): Promise<number> {
  const run = await runCommand({ file: '/usr/bin/time', args: ['-v', command.file, ...command.args] });
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr);
  if (run.code !== 0 || !match) throw new Error(`/usr/bin/time -v ${command.file} failed: ${run.stderr.slice(-400)}`);
  return Number(match[1]) / 1024;
}

async function measure(build: keyof typeof BUILDS): Promise<Record<string, string>> {
  const bin = BUILDS[build];
  if (!existsSync(bin('svwizd'))) throw new Error(`${bin('svwizd')} is missing: npm run build && npm run bundle`);
  const dir = mkdtempSync(path.join(os.tmpdir(), `svwiz-bundle-${build}-`));
  const family = supervisorFamily({ id: 'svwizd', heading: build, daemonArgv: [process.execPath, bin('svwizd'), '-n'], ownCtlArgv: [process.execPath, bin('svwizctl')] });
  const programs = Array.from({ length: PROGRAMS }, (_, i) => defaultProgram(`p${i}`, sleeperArgv(), dir));
  const daemon = await family.start(dir, programs);
  try {
    for (let tries = 0; ; tries += 1) {
      const states = await daemon.listPrograms().catch(() => []);
      if (states.length === PROGRAMS && states.every((p) => p.running)) break;
      if (tries > 600) throw new Error(`${build}: not all ${PROGRAMS} programs RUNNING`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Idle: let start-up garbage be collected before RSS is read (as the main benchmark does).
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const daemonRss: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      daemonRss.push(rssMegabytes(daemon.pid));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const status = daemon.ownCtl(['status']);
    const statusMs = await timeCommand(status, { runs: RUNS, warmup: WARMUP });
    const statusRss: number[] = [];
    for (let i = 0; i < RUNS; i += 1) statusRss.push(await maxRssMegabytes(status));
    const version: CommandLine = { file: process.execPath, args: [bin('svwizctl'), '-v'] };
    const versionMs = await timeCommand(version, { runs: RUNS, warmup: WARMUP });
    const versionRss: number[] = [];
    for (let i = 0; i < RUNS; i += 1) versionRss.push(await maxRssMegabytes(version));
    return {
      'svwizd RSS, idle, 100 programs': show(daemonRss, 'MB', 1),
      'svwizctl status, 100 programs: wall time': show(statusMs, 'ms'),
      'svwizctl status, 100 programs: max RSS': show(statusRss, 'MB', 1),
      'svwizctl -v: wall time': show(versionMs, 'ms'),
      'svwizctl -v: max RSS': show(versionRss, 'MB', 1),
    };
  } finally {
    await daemon.tearDown();
    rmSync(dir, { recursive: true, force: true });
  }
}

const dist = await measure('dist');
const bundle = await measure('bundle');
process.stdout.write(`node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${RUNS} runs\n\n`);
process.stdout.write('| metric | dist/ (tsc build) | bundle/ (shipped) |\n|---|---|---|\n');
for (const metric of Object.keys(dist)) process.stdout.write(`| ${metric} | ${dist[metric]} | ${bundle[metric]} |\n`);
