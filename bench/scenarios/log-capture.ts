/**
 * S4: one child writing numbered lines as fast as it can. Rate = bytes / (writer's first write →
 * every byte in the log files), daemon CPU over the same window, then every line checked in order
 * across the rotated files. The writer alone (stdout → a file) is the baseline of the same run.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createReadStream, existsSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultProgram } from '../config-render.js';
import type { DaemonUnderTest, RunningDaemon } from '../daemons/daemon-under-test.js';
import { lineCount, NumberedLineChecker, type LineCheck } from '../log-lines.js';
import { cpuPercent, cpuSeconds } from '../proc-stats.js';
import { fifoReaderArgv, logWriterArgv } from '../program-commands.js';
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

/** The writer with stdout on `target` (a file, /dev/null): MB/s between its own first and last write. */
async function writerRate(ctx: BenchContext, dir: string, target: string): Promise<number> {
  const stampFile = path.join(dir, 'stamp.json');
  rmSync(stampFile, { force: true });
  const argv = logWriterArgv(totalBytes(ctx), ctx.options.logLineBytes, ctx.options.logWriteBytes, stampFile);
  const output = openSync(target, 'w');
  try {
    await exited(spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', output, 'inherit'] }), 'log writer');
  } finally {
    closeSync(output);
  }
  const stamp = await readStamp(stampFile, 5000);
  return totalBytes(ctx) / MB / ((stamp.end - stamp.start) / 1000);
}

/** The baselines of S4: the writer alone into a file and into /dev/null, then the pipe-reader floor. */
export async function runWriterAlone(ctx: BenchContext): Promise<void> {
  const dir = ctx.freshDir('writer');
  ctx.record('writerAlone', 'svwizd', await writerRate(ctx, dir, path.join(dir, 'alone.log')));
  ctx.record('writerNull', 'svwizd', await writerRate(ctx, dir, '/dev/null'));
  rmSync(dir, { recursive: true, force: true });
  await runNodeReaderFloor(ctx);
}

/** Until `pid` holds the FIFO open (its /proc fd list), so the writer's first bytes are read at once. */
async function waitForReader(pid: number, fifo: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if (readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`) === fifo)) return;
    } catch {
      // not started yet, or an fd closed while listing
    }
    if (Date.now() > deadline) throw new Error(`FIFO reader did not open ${fifo} within 10 s`);
    await sleep(10);
  }
}

function exited(child: ChildProcess, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${what} exited ${code}`))));
  });
}

/** The writer → a FIFO → bench/fifo-reader.js: rate from the writer's first write to the reader's exit. */
async function runNodeReaderFloor(ctx: BenchContext): Promise<void> {
  const dir = ctx.freshDir('floor');
  const fifo = path.join(dir, 'pipe');
  const outFile = path.join(dir, 'floor.log');
  const stampFile = path.join(dir, 'stamp.json');
  execFileSync('mkfifo', ['-m', '0600', fifo]);
  // Held read-write (Linux never blocks that open), so the pipe has a writer before the reader
  // starts; the writer inherits it as stdout, and closing it after the writer exits gives EOF.
  const writeEnd = openSync(fifo, 'r+');
  const readerArgv = fifoReaderArgv(fifo, outFile);
  const reader = spawn(readerArgv[0]!, readerArgv.slice(1), { stdio: 'inherit' });
  const readerEnd = exited(reader, 'FIFO reader').then(epochNow);
  // Awaited below; a failing writer must not leave it an unhandled rejection meanwhile.
  readerEnd.catch(() => undefined);
  try {
    await waitForReader(reader.pid!, fifo);
    const writerArgv = logWriterArgv(totalBytes(ctx), ctx.options.logLineBytes, ctx.options.logWriteBytes, stampFile);
    const writer = spawn(writerArgv[0]!, writerArgv.slice(1), { stdio: ['ignore', writeEnd, 'inherit'] });
    // The harness's own fd keeps the pipe open: a reader that died early would leave the writer blocked.
    reader.once('exit', () => writer.kill('SIGKILL'));
    await exited(writer, 'log writer');
  } finally {
    closeSync(writeEnd);
  }
  const end = await readerEnd;
  const stamp = await readStamp(stampFile, 5000);
  const written = statSync(outFile).size;
  if (written !== totalBytes(ctx)) throw new Error(`FIFO reader wrote ${written} of ${totalBytes(ctx)} bytes`);
  ctx.record('nodeReaderFloor', 'svwizd', totalBytes(ctx) / MB / ((end - stamp.start) / 1000));
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

/**
 * The three capture runs of a session: one writer with rotation on, the same writer with
 * `maxbytes=0` (one file that only grows), and ten writers at once sharing the same total bytes.
 * Row ids: logRate / logCpu / logCpuPerMb (+ `Flat`, `Ten` suffixes); logLost sums all three.
 */
interface CaptureVariant {
  suffix: '' | 'Flat' | 'Ten';
  writers: number;
  rotate: boolean;
}

const CAPTURE_VARIANTS: readonly CaptureVariant[] = [
  { suffix: '', writers: 1, rotate: true },
  { suffix: 'Flat', writers: 1, rotate: false },
  { suffix: 'Ten', writers: 10, rotate: true },
];

export async function runLogCaptureSession(ctx: BenchContext, daemon: DaemonUnderTest): Promise<void> {
  let lost = 0;
  for (const variant of CAPTURE_VARIANTS) lost += await runCaptureVariant(ctx, daemon, variant);
  ctx.record('logLost', daemon.id, lost);
}

/** One fresh daemon, `variant.writers` programs started together; returns the bad lines. */
async function runCaptureVariant(ctx: BenchContext, daemon: DaemonUnderTest, variant: CaptureVariant): Promise<number> {
  const dir = ctx.freshDir(`${daemon.id.slice(0, 3)}-logs${variant.suffix}`);
  const lineBytes = ctx.options.logLineBytes;
  const expectedEach = lineCount(totalBytes(ctx) / variant.writers, lineBytes) * lineBytes;
  const maxBytes = variant.rotate ? Math.max(MB, Math.floor(expectedEach / 10)) : 0;
  const logDir = path.join(dir, 'logs');
  const names = Array.from({ length: variant.writers }, (_, i) => (variant.writers === 1 ? 'writer' : `writer${i}`));
  const stampFile = (name: string): string => path.join(dir, `${name}.stamp.json`);
  const programs = names.map((name) =>
    defaultProgram(name, logWriterArgv(expectedEach, lineBytes, ctx.options.logWriteBytes, stampFile(name)), dir, {
      autostart: false,
      autorestart: false,
      logMaxBytes: maxBytes,
      // Enough backups that rotation never deletes a line we are about to check.
      logBackups: variant.rotate ? Math.ceil(expectedEach / maxBytes) + 5 : 0,
    }),
  );
  let running: RunningDaemon | undefined;
  try {
    running = await daemon.start(dir, programs);
    await waitAnswering(running, 30_000);
    const cpuStart = cpuSeconds(running.pid);
    const wallStart = performance.now();
    await Promise.all(names.map((name) => running!.startProgram(name)));
    for (const name of names) await waitCaptured(logDir, `${name}.log`, expectedEach, stampFile(name));
    const capturedAt = epochNow();
    const cpuEnd = cpuSeconds(running.pid);
    const wall = performance.now() - wallStart;
    const stamps = await Promise.all(names.map((name) => readStamp(stampFile(name), 10_000)));
    const firstStart = Math.min(...stamps.map((stamp) => stamp.start));
    const megabytes = (expectedEach * variant.writers) / MB;
    const rate = megabytes / ((capturedAt - firstStart) / 1000);
    ctx.record(`logRate${variant.suffix}`, daemon.id, rate);
    ctx.record(`logCpu${variant.suffix}`, daemon.id, cpuPercent(cpuStart, cpuEnd, wall));
    ctx.record(`logCpuPerMb${variant.suffix}`, daemon.id, ((cpuEnd - cpuStart) * 1000) / megabytes);
    const alone = ctx.samples.get('writerAlone')?.svwizd?.at(-1);
    if (alone && variant.suffix === '') ctx.record('logRateShare', daemon.id, (rate / alone) * 100);
    let bad = 0;
    for (const [i, name] of names.entries()) {
      const check = await checkLines(logDir, `${name}.log`, lineBytes, stamps[i]!.lines);
      bad += check.bad;
      if (check.bad > 0) ctx.problem(`${daemon.id}: log capture of ${name} lost or reordered ${check.bad} of ${stamps[i]!.lines} lines; first: ${check.firstProblem}`);
    }
    ctx.progress(`${daemon.id}: ${names.length} writer(s)${variant.rotate ? '' : ', maxbytes=0'}: captured ${megabytes.toFixed(0)} MB at ${rate.toFixed(0)} MB/s, ${bad} bad lines`);
    return bad;
  } finally {
    await running?.tearDown();
    rmSync(logDir, { recursive: true, force: true });
  }
}
