import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureMinimumLimits, parseProcLimit, plannedLimit } from '../../../src/daemon/resource-limits.js';
import { UserError } from '../../../src/errors.js';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             96364                96364                processes
Max open files            1024                 unlimited            files
`;

test('parseProcLimit reads soft and hard, unlimited as null', () => {
  assert.deepEqual(parseProcLimit(LIMITS, 'Max open files'), { soft: 1024, hard: null });
  assert.deepEqual(parseProcLimit(LIMITS, 'Max processes'), { soft: 96364, hard: 96364 });
  assert.equal(parseProcLimit(LIMITS, 'Max locked memory'), undefined);
});

test('plannedLimit raises the soft limit, and the hard one only when it is below the minimum', () => {
  assert.equal(plannedLimit({ soft: 2048, hard: 4096 }, 1024), null);
  assert.equal(plannedLimit({ soft: null, hard: null }, 1024), null);
  assert.deepEqual(plannedLimit({ soft: 512, hard: 4096 }, 1024), { soft: 1024, hard: 4096 });
  assert.deepEqual(plannedLimit({ soft: 512, hard: 800 }, 1024), { soft: 1024, hard: 1024 });
  assert.deepEqual(plannedLimit({ soft: 512, hard: null }, 1024), { soft: 1024, hard: null });
});

test('ensureMinimumLimits: nothing to do below the current limits; a refused raise is a usage error naming the setting', () => {
  const calls: string[] = [];
  assert.deepEqual(ensureMinimumLimits({ minfds: 1, minprocs: 1 }, (spec) => calls.push(spec.setting)), []);
  assert.deepEqual(calls, []);
  const huge = 2 ** 40;
  const refuse = () => {
    throw Object.assign(new Error('prlimit failed'), { stderr: Buffer.from('prlimit: failed to set the NOFILE resource limit: Operation not permitted') });
  };
  assert.throws(
    () => ensureMinimumLimits({ minfds: huge, minprocs: 1 }, refuse),
    (error: unknown) =>
      error instanceof UserError &&
      error.exitCode === 2 &&
      error.message.includes(`file descriptors required to run this process is ${huge}`) &&
      error.message.includes('"minfds"') &&
      error.message.includes('Operation not permitted'),
  );
});
