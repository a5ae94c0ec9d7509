/**
 * S4: one child writing numbered lines as fast as it can. Rate = bytes / (writer's first write →
 * every byte in the log files), daemon CPU over the same window, then every line checked in order
 * across the rotated files. The writer alone (stdout → a file) is the baseline of the same run.
 */
import { spawn } from 'node:child_process';
import { closeSync, createReadStream, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultProgram } from '../config-render.js';
import type { DaemonUnderTest, RunningDaemon } from '../daemons/daemon-under-test.js';
import { lineCount, NumberedLineChecker, type LineCheck } from '../log-lines.js';
import { cpuPercent, cpuSeconds } from '../proc-stats.js';
import { logWriterArgv } from '../program-commands.js';
import { waitAnswering, type BenchContext } from './scenario-context.js';

const MB = 1024 * 1024;

interface WriterStamp {
  start: number;
  end: number;
  lines: number;
}

function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

function totalBytes(ctx: BenchContext): number {
  const lineBytes = ctx.options.logLineBytes;
  return lineCount(ctx.options.sizes.logMegabytes * MB, lineBytes) * lineBytes;
}

async function readStamp(file: string, timeoutMs: number): Promise<WriterStamp> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as WriterStamp;
    } catch {
      if (Date.now() > deadline) throw new Error(`log writer left no stamp in ${file}`);
      await sleep(20);
    }
  }
}

export async function runWriterAlone(ctx: BenchContext): Promise<void> {
  const dir = ctx.freshDir('writer');
  const stampFile = path.join(dir, 'stamp.json');
  const argv = logWriterArgv(totalBytes(ctx), ctx.options.logLineBytes, ctx.options.logWriteBytes, stampFile);
  const output = openSync(path.join(dir, 'alone.log'), 'w');
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', output, 'inherit'] });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`log writer exited ${code}`))));
    });
  } finally {
    closeSync(output);
  }
  const stamp = await readStamp(stampFile, 5000);
  ctx.record('writerAlone', 'svwizd', totalBytes(ctx) / MB / ((stamp.end - stamp.start) / 1000));
  rmSync(dir, { recursive: true, force: true });
}

/** writer.log.N … writer.log.1, writer.log: oldest first, Supervisor's rotation order. */
export function rotatedFilesInOrder(names: readonly string[], base: string): string[] {
  const backups = names
    .map((name) => ({ name, match: new RegExp(`^${base.replace(/\./g, '\\.')}\\.(\\d+)$`).exec(name) }))
    .filter((entry) => entry.match)
    .sort((a, b) => Number(b.match![1]) - Number(a.match![1]))
    .map((entry) => entry.name);
  return names.includes(base) ? [...backups, base] : backups;
}

function capturedBytes(logDir: string, base: string): number {
  let sum = 0;
  for (const name of readdirSync(logDir)) {
    if (name === base || name.startsWith(`${base}.`)) {
      try {
        sum += statSync(path.join(logDir, name)).size;
      } catch {
        // rotated away between readdir and stat
      }
    }
  }
  return sum;
}

async function checkLines(logDir: string, base: string, lineBytes: number, lines: number): Promise<LineCheck> {
  const checker = new NumberedLineChecker(lineBytes);
  for (const name of rotatedFilesInOrder(readdirSync(logDir), base)) {
    for await (const chunk of createReadStream(path.join(logDir, name), { highWaterMark: 1024 * 1024 })) checker.feed(chunk as Buffer);
  }
  return checker.finish(lines);
}

/** Waits until the files hold every byte, or the writer is done and nothing grows for 3 s. */
async function waitCaptured(logDir: string, base: string, expected: number, stampFile: string): Promise<void> {
  let last = -1;
  let stableSince = performance.now();
  for (;;) {
    const now = capturedBytes(logDir, base);
    if (now >= expected) return;
    if (now !== last) {
      last = now;
      stableSince = performance.now();
    } else if (existsSync(stampFile) && performance.now() - stableSince > 3000) return;
    else if (performance.now() - stableSince > 60_000) return;
    await sleep(5);
  }
}

export async function runLogCaptureSession(ctx: BenchContext, daemon: DaemonUnderTest): Promise<void> {
  const dir = ctx.freshDir(`${daemon.id.slice(0, 3)}-logs`);
  const expected = totalBytes(ctx);
  const lineBytes = ctx.options.logLineBytes;
  const maxBytes = Math.max(MB, Math.floor(expected / 10));
  const stampFile = path.join(dir, 'stamp.json');
  const logDir = path.join(dir, 'logs');
  const writer = defaultProgram('writer', logWriterArgv(expected, lineBytes, ctx.options.logWriteBytes, stampFile), dir, {
    autostart: false,
    autorestart: false,
    logMaxBytes: maxBytes,
    // Enough backups that rotation never deletes a line we are about to check.
    logBackups: Math.ceil(expected / maxBytes) + 5,
  });
  let running: RunningDaemon | undefined;
  try {
    running = await daemon.start(dir, [writer]);
    await waitAnswering(running, 30_000);
    const cpuStart = cpuSeconds(running.pid);
    const wallStart = performance.now();
    await running.startProgram('writer');
    await waitCaptured(logDir, 'writer.log', expected, stampFile);
    const capturedAt = epochNow();
    const cpuEnd = cpuSeconds(running.pid);
    const wall = performance.now() - wallStart;
    const stamp = await readStamp(stampFile, 10_000);
    const rate = expected / MB / ((capturedAt - stamp.start) / 1000);
    ctx.record('logRate', daemon.id, rate);
    ctx.record('logCpu', daemon.id, cpuPercent(cpuStart, cpuEnd, wall));
    const alone = ctx.samples.get('writerAlone')?.svwizd?.at(-1);
    if (alone) ctx.record('logRateShare', daemon.id, (rate / alone) * 100);
    const check = await checkLines(logDir, 'writer.log', lineBytes, stamp.lines);
    ctx.record('logLost', daemon.id, check.bad);
    if (check.bad > 0) ctx.problem(`${daemon.id}: log capture lost or reordered ${check.bad} of ${stamp.lines} lines; first: ${check.firstProblem}`);
    ctx.progress(`${daemon.id}: captured ${(expected / MB).toFixed(0)} MB at ${rate.toFixed(0)} MB/s, ${check.good} lines in order, ${check.bad} bad`);
  } finally {
    await running?.tearDown();
    rmSync(logDir, { recursive: true, force: true });
  }
}
