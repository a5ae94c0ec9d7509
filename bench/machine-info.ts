/** The facts printed with the table: date, machine, runtime and daemon versions. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

function commandOutput(file: string, args: string[]): string {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return 'unavailable';
  }
}

export interface MachineInfo {
  date: string;
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  supervisord: string;
  pm2: string;
  svwiz: string;
  loadAverage: string;
}

export function readMachineInfo(versions: { pm2: string; svwiz: string }): MachineInfo {
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    supervisord: commandOutput('/usr/bin/supervisord', ['--version']),
    pm2: versions.pm2,
    svwiz: versions.svwiz,
    loadAverage: os.loadavg().map((value) => value.toFixed(2)).join(' '),
  };
}

export function renderMachineInfo(info: MachineInfo): string {
  return [
    `- date: ${info.date}`,
    `- machine: ${info.nproc} CPUs (${info.cpuModel}), ${info.memoryGiB} GiB RAM, ${info.kernel}`,
    `- node ${info.node}, svwiz ${info.svwiz}, Python supervisord ${info.supervisord}, PM2 ${info.pm2}`,
    `- load average at start: ${info.loadAverage}`,
  ].join('\n');
}
