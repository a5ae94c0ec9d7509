/**
 * hyperfine-style timing of a command line, measured in-process: spawn → exit with
 * performance.now(), after warm-up runs, output read and discarded (as a pipe, like a script would).
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { CommandLine } from './daemons/daemon-under-test.js';

export interface CommandRun {
  ms: number;
  code: number;
  stdout: string;
  stderr: string;
}

export function runCommand(command: CommandLine, timeoutMs = 120_000): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command.file, command.args, { env: command.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      const ms = performance.now() - start;
      clearTimeout(timer);
      resolve({ ms, code: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

export interface TimingOptions {
  runs: number;
  warmup: number;
  /** Exit codes that count as success (supervisorctl status exits 3 when something is not running). */
  okCodes?: number[];
}

/** Milliseconds per run; throws with the command's output if a run fails. */
export async function timeCommand(command: CommandLine, options: TimingOptions): Promise<number[]> {
  const okCodes = options.okCodes ?? [0];
  const samples: number[] = [];
  for (let index = 0; index < options.warmup + options.runs; index += 1) {
    const result = await runCommand(command);
    if (!okCodes.includes(result.code)) {
      const output = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-5).join('\n');
      throw new Error(`${[command.file, ...command.args].join(' ')} exited ${result.code}: ${output}`);
    }
    if (index >= options.warmup) samples.push(result.ms);
  }
  return samples;
}
