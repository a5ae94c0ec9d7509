/**
 * The facts about this machine that explain crashes no log shows: the board, CPU temperature,
 * load, memory, free space where the logs go, and on a Raspberry Pi the firmware's under-voltage
 * and throttling flags. Interpreting them (what is worth a warning, in plain words) is pure; the
 * reader is thin and never fails: a fact it cannot read is null.
 *
 * Where the facts come from, and why not all from systeminformation:
 * - memory: systeminformation's mem() (it reads /proc/meminfo, MemAvailable included, faithfully),
 *   loaded from its own module so the daemon does not carry the whole package.
 * - board: /proc/device-tree/model through src/system/platform.ts (one owner of the Pi model);
 *   systeminformation guesses a Pi model from /proc/cpuinfo revision codes, which lag new boards.
 * - temperature: /sys/class/thermal directly; systeminformation's cpuTemperature() runs shell
 *   pipelines (one of them with execSync, which would block the daemon) and on a Pi looks for
 *   vcgencmd only under /opt/vc/bin, where current Raspberry Pi OS no longer installs it.
 * - free space: statfs(2) of the log directory; systeminformation's fsSize() runs df for every
 *   mounted filesystem, and only the one holding the logs matters here.
 * - load: os.loadavg() (systeminformation's currentLoad() measures its own interval instead).
 * - throttling: `vcgencmd get_throttled`; systeminformation does not read it at all.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { detectPlatform } from './platform.js';
import { which } from './which.js';

export interface ThrottleFlags {
  raw: number;
  underVoltageNow: boolean;
  frequencyCappedNow: boolean;
  throttledNow: boolean;
  softTempLimitNow: boolean;
  underVoltageSinceBoot: boolean;
  frequencyCappedSinceBoot: boolean;
  throttledSinceBoot: boolean;
  softTempLimitSinceBoot: boolean;
}

export interface HostFacts {
  /** Device-tree model (e.g. "Raspberry Pi 4 Model B Rev 1.4"); null on boards without one. */
  board: string | null;
  isRaspberryPi: boolean;
  cpuTemperatureC: number | null;
  load: { one: number; five: number; fifteen: number; cores: number };
  memory: { totalBytes: number; availableBytes: number } | null;
  logDisk: { path: string; freeBytes: number; totalBytes: number } | null;
  /** null when vcgencmd is absent or did not answer (every non-Pi machine). */
  throttle: ThrottleFlags | null;
}

export interface HostWarning {
  fact: 'temperature' | 'load' | 'memory' | 'disk' | 'power';
  level: 'warn' | 'error';
  text: string;
}

/** `throttled=0x50005` (vcgencmd get_throttled) → its bits; undefined for anything else. */
export function parseThrottled(text: string): ThrottleFlags | undefined {
  const match = /throttled=0x([0-9a-f]+)/i.exec(text);
  if (!match) return undefined;
  const raw = Number.parseInt(match[1]!, 16);
  const bit = (n: number) => (raw & (1 << n)) !== 0;
  return {
    raw,
    underVoltageNow: bit(0),
    frequencyCappedNow: bit(1),
    throttledNow: bit(2),
    softTempLimitNow: bit(3),
    underVoltageSinceBoot: bit(16),
    frequencyCappedSinceBoot: bit(17),
    throttledSinceBoot: bit(18),
    softTempLimitSinceBoot: bit(19),
  };
}

/** The CPU's zone among /sys/class/thermal zones (type → millidegrees); the hottest when none is named so. */
export function cpuTemperatureOf(zones: readonly { type: string; milliC: number }[]): number | null {
  const valid = zones.filter((zone) => Number.isFinite(zone.milliC) && zone.milliC > -50000 && zone.milliC < 200000);
  if (valid.length === 0) return null;
  const cpu = valid.find((zone) => /cpu|x86_pkg|soc|coretemp|k10temp/i.test(zone.type));
  const chosen = cpu ?? valid.reduce((a, b) => (b.milliC > a.milliC ? b : a));
  return Math.round(chosen.milliC / 100) / 10;
}

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

function bytesText(bytes: number): string {
  return bytes >= GIB ? `${(bytes / GIB).toFixed(1)} GB` : `${Math.round(bytes / MIB)} MB`;
}

/** What a person should be told about these facts, worst first. */
export function hostWarnings(facts: HostFacts): HostWarning[] {
  const warnings: HostWarning[] = [];
  const t = facts.throttle;
  if (t?.underVoltageNow) {
    warnings.push({ fact: 'power', level: 'error', text: 'Under-voltage right now: the power supply or its cable is too weak. Expect random crashes and SD card corruption; use a proper supply.' });
  } else if (t?.underVoltageSinceBoot) {
    warnings.push({ fact: 'power', level: 'warn', text: 'Under-voltage happened since boot: the power supply or cable dipped. Crashes at those moments may have no other explanation.' });
  }
  if (t?.throttledNow || t?.frequencyCappedNow) {
    warnings.push({ fact: 'power', level: 'warn', text: 'The CPU is slowed down right now (throttled by the firmware for heat or power): programs run slower than usual.' });
  } else if (t?.throttledSinceBoot || t?.frequencyCappedSinceBoot || t?.softTempLimitSinceBoot) {
    warnings.push({ fact: 'power', level: 'warn', text: 'The CPU was slowed down (throttled) at some point since boot: timeouts then may come from that.' });
  }
  const temp = facts.cpuTemperatureC;
  if (temp !== null && temp >= 80) {
    warnings.push({ fact: 'temperature', level: 'error', text: `CPU at ${temp} °C: it slows itself down from about 80 °C. Give it air or a heatsink.` });
  } else if (temp !== null && temp >= 70) {
    warnings.push({ fact: 'temperature', level: 'warn', text: `CPU at ${temp} °C: getting hot; it starts to slow down at about 80 °C.` });
  }
  const disk = facts.logDisk;
  if (disk && disk.totalBytes > 0) {
    const share = disk.freeBytes / disk.totalBytes;
    if (disk.freeBytes < 100 * MIB || share < 0.03) {
      warnings.push({ fact: 'disk', level: 'error', text: `Only ${bytesText(disk.freeBytes)} free where the logs are written (${disk.path}): when it is full, logs stop and programs that write files fail.` });
    } else if (disk.freeBytes < 500 * MIB || share < 0.1) {
      warnings.push({ fact: 'disk', level: 'warn', text: `${bytesText(disk.freeBytes)} free where the logs are written (${disk.path}): almost full. Check log rotation (logfile_maxbytes, logfile_backups).` });
    }
  }
  const memory = facts.memory;
  if (memory && memory.totalBytes > 0) {
    const share = memory.availableBytes / memory.totalBytes;
    if (share < 0.05) {
      warnings.push({ fact: 'memory', level: 'error', text: `Only ${bytesText(memory.availableBytes)} of memory left: the kernel will soon kill programs (out of memory).` });
    } else if (share < 0.15) {
      warnings.push({ fact: 'memory', level: 'warn', text: `Memory is getting short (${bytesText(memory.availableBytes)} available).` });
    }
  }
  if (facts.load.cores > 0 && facts.load.five > facts.load.cores * 2) {
    warnings.push({ fact: 'load', level: 'warn', text: `Load ${facts.load.five.toFixed(2)} on ${facts.load.cores} cores: more work is waiting than the CPU can do, so everything is slow.` });
  }
  return warnings.sort((a, b) => (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1));
}

async function readThermalZones(sysRoot: string): Promise<{ type: string; milliC: number }[]> {
  const base = path.join(sysRoot, 'class', 'thermal');
  let names: string[];
  try {
    names = (await readdir(base)).filter((name) => name.startsWith('thermal_zone'));
  } catch {
    return [];
  }
  const zones = await Promise.all(
    names.map(async (name) => {
      try {
        const [type, temp] = await Promise.all([readFile(path.join(base, name, 'type'), 'utf8'), readFile(path.join(base, name, 'temp'), 'utf8')]);
        return { type: type.trim(), milliC: Number(temp.trim()) };
      } catch {
        return undefined;
      }
    }),
  );
  return zones.filter((zone): zone is { type: string; milliC: number } => zone !== undefined);
}

function runVcgencmd(binary: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(binary, ['get_throttled'], { timeout: 3000 }, (error, stdout) => resolve(error ? undefined : stdout));
  });
}

async function readMemory(): Promise<HostFacts['memory']> {
  try {
    const { mem: readMem } = await import('systeminformation/lib/memory.js');
    const mem = await readMem();
    return mem.total > 0 ? { totalBytes: mem.total, availableBytes: mem.available } : null;
  } catch {
    return null;
  }
}

async function readDisk(dir: string): Promise<HostFacts['logDisk']> {
  try {
    const stats = await statfs(dir);
    return { path: dir, freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
  } catch {
    return null;
  }
}

export interface HostReadOptions {
  /** The directory whose filesystem holds the logs. */
  logDir: string;
  sysRoot?: string;
  /** PATH to look for vcgencmd in (default the daemon's). */
  PATH?: string;
}

/** Read every fact; each one that cannot be read is null, never an error. */
export async function readHostFacts(options: HostReadOptions): Promise<HostFacts> {
  const vcgencmd = which('vcgencmd', options.PATH ?? `${process.env.PATH ?? ''}:/usr/bin:/opt/vc/bin`);
  const [platform, zones, memory, logDisk, throttleText] = await Promise.all([
    detectPlatform().catch(() => undefined),
    readThermalZones(options.sysRoot ?? '/sys'),
    readMemory(),
    readDisk(options.logDir),
    vcgencmd ? runVcgencmd(vcgencmd) : Promise.resolve(undefined),
  ]);
  const [one, five, fifteen] = os.loadavg();
  return {
    board: platform?.boardModel ?? null,
    isRaspberryPi: platform?.piModel != null,
    cpuTemperatureC: cpuTemperatureOf(zones),
    load: { one: one!, five: five!, fifteen: fifteen!, cores: os.availableParallelism?.() ?? os.cpus().length },
    memory,
    logDisk,
    throttle: throttleText === undefined ? null : (parseThrottled(throttleText) ?? null),
  };
}
