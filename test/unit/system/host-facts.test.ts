/** The host panel's interpreters with Pi-like inputs, and the reader on this (non-Pi) machine. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { cpuTemperatureOf, hostWarnings, parseThrottled, readHostFacts, type HostFacts } from '../../../src/system/host-facts.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const GIB = 1024 ** 3;
const healthy: HostFacts = {
  board: 'Raspberry Pi 4 Model B Rev 1.4',
  isRaspberryPi: true,
  cpuTemperatureC: 48.2,
  load: { one: 0.3, five: 0.2, fifteen: 0.1, cores: 4 },
  memory: { totalBytes: 4 * GIB, availableBytes: 3 * GIB },
  logDisk: { path: '/var/log/svwiz', freeBytes: 20 * GIB, totalBytes: 29 * GIB },
  throttle: parseThrottled('throttled=0x0')!,
};

describe('parseThrottled', () => {
  it('reads the firmware bits of vcgencmd get_throttled', () => {
    const flags = parseThrottled('throttled=0x50005\n')!;
    assert.equal(flags.raw, 0x50005);
    assert.deepEqual(
      Object.entries(flags).filter(([key, value]) => key !== 'raw' && value).map(([key]) => key),
      ['underVoltageNow', 'throttledNow', 'underVoltageSinceBoot', 'throttledSinceBoot'],
    );
    const past = parseThrottled('throttled=0x80000')!;
    assert.equal(past.softTempLimitSinceBoot, true);
    assert.equal(past.underVoltageNow, false);
    assert.equal(parseThrottled('throttled=0x0')!.raw, 0);
    assert.equal(parseThrottled('VCHI initialization failed'), undefined);
  });
});

describe('cpuTemperatureOf', () => {
  it('takes the CPU zone, else the hottest, in °C', () => {
    assert.equal(cpuTemperatureOf([{ type: 'cpu-thermal', milliC: 52582 }]), 52.6);
    assert.equal(cpuTemperatureOf([{ type: 'acpitz', milliC: 27800 }, { type: 'x86_pkg_temp', milliC: 41000 }]), 41);
    assert.equal(cpuTemperatureOf([{ type: 'acpitz', milliC: 27800 }, { type: 'pch', milliC: 45000 }]), 45);
    assert.equal(cpuTemperatureOf([{ type: 'cpu-thermal', milliC: Number.NaN }]), null);
    assert.equal(cpuTemperatureOf([]), null);
  });
});

describe('hostWarnings', () => {
  it('says nothing about a healthy Pi', () => {
    assert.deepEqual(hostWarnings(healthy), []);
  });

  it('explains under-voltage and throttling, now before "since boot", errors first', () => {
    const now = hostWarnings({ ...healthy, throttle: parseThrottled('throttled=0x50005')! });
    assert.deepEqual(now.map((w) => [w.fact, w.level]), [['power', 'error'], ['power', 'warn']]);
    assert.match(now[0]!.text, /Under-voltage right now: the power supply/);
    assert.match(now[1]!.text, /slowed down right now/);
    const past = hostWarnings({ ...healthy, throttle: parseThrottled('throttled=0x50000')! });
    assert.deepEqual(past.map((w) => [w.fact, w.level]), [['power', 'warn'], ['power', 'warn']]);
    assert.match(past[0]!.text, /happened since boot/);
  });

  it('warns of heat, a nearly full log disk, short memory and overload in plain words', () => {
    const table: [Partial<HostFacts>, string, 'warn' | 'error', RegExp][] = [
      [{ cpuTemperatureC: 73 }, 'temperature', 'warn', /getting hot/],
      [{ cpuTemperatureC: 82.5 }, 'temperature', 'error', /82.5 °C: it slows itself down/],
      [{ logDisk: { path: '/var/log', freeBytes: 1 * GIB, totalBytes: 29 * GIB } }, 'disk', 'warn', /1.0 GB free .*\(\/var\/log\): almost full/],
      [{ logDisk: { path: '/var/log', freeBytes: 50 * 1024 ** 2, totalBytes: 29 * GIB } }, 'disk', 'error', /Only 50 MB free/],
      [{ memory: { totalBytes: 4 * GIB, availableBytes: 0.4 * GIB } }, 'memory', 'warn', /getting short/],
      [{ memory: { totalBytes: 4 * GIB, availableBytes: 0.1 * GIB } }, 'memory', 'error', /out of memory/],
      [{ load: { one: 9, five: 9.5, fifteen: 8, cores: 4 } }, 'load', 'warn', /Load 9.50 on 4 cores/],
    ];
    for (const [change, fact, level, text] of table) {
      const warnings = hostWarnings({ ...healthy, ...change });
      assert.equal(warnings.length, 1, JSON.stringify(change));
      assert.equal(warnings[0]!.fact, fact);
      assert.equal(warnings[0]!.level, level);
      assert.match(warnings[0]!.text, text);
    }
  });

  it('needs no Pi: absent facts give no warning', () => {
    assert.deepEqual(hostWarnings({ ...healthy, board: null, isRaspberryPi: false, cpuTemperatureC: null, throttle: null, memory: null, logDisk: null }), []);
  });
});

describe('readHostFacts on this machine', () => {
  it('reads real memory, disk and load, and reports the facts a non-Pi lacks as null', async () => {
    const dir = makeTempDir('svw-host');
    try {
      const facts = await readHostFacts({ logDir: dir });
      const memTotalKb = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]);
      assert.equal(facts.memory!.totalBytes, memTotalKb * 1024);
      assert.ok(facts.memory!.availableBytes > 0 && facts.memory!.availableBytes <= facts.memory!.totalBytes);
      // df(1) as the independent oracle for the log filesystem.
      const [size, avail] = execFileSync('df', ['-B1', '--output=size,avail', dir], { encoding: 'utf8' }).trim().split('\n')[1]!.trim().split(/\s+/).map(Number);
      assert.equal(facts.logDisk!.totalBytes, size);
      assert.ok(Math.abs(facts.logDisk!.freeBytes - avail!) < 256 * 1024 ** 2, `free ${facts.logDisk!.freeBytes} vs df ${avail}`);
      assert.equal(facts.logDisk!.path, dir);
      assert.ok(facts.load.cores >= 1 && facts.load.one >= 0);
      let model: string | null = null;
      try {
        model = readFileSync('/proc/device-tree/model', 'utf8').replace(/\0+$/, '').trim() || null;
      } catch {
        model = null;
      }
      assert.equal(facts.board, model);
      assert.equal(facts.isRaspberryPi, model !== null && /raspberry pi/i.test(model));
      if (!facts.isRaspberryPi) assert.equal(facts.throttle, null, 'no vcgencmd answer off a Pi');
      const missingDir = await readHostFacts({ logDir: `${dir}/no/such/dir` });
      assert.equal(missingDir.logDisk, null, 'an unreadable fact is null, not an error');
    } finally {
      removeTempDir(dir);
    }
  });
});
