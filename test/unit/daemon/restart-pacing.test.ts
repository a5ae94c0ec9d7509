import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_PACED_INTERVAL_MS,
  nextCrashStreak,
  pacedIntervalMs,
  pacedRestartText,
  restartNotBefore,
  STABLE_RUN_MS,
} from '../../../src/daemon/restart-pacing.js';
import { processInfo } from '../../../src/daemon/process-info.js';

test('restart pacing: the first crash restarts at once, then the interval doubles up to 1 s', () => {
  const table: [number, number][] = [[0, 0], [1, 0], [2, 100], [3, 200], [4, 400], [5, 800], [6, MAX_PACED_INTERVAL_MS], [50, MAX_PACED_INTERVAL_MS]];
  for (const [streak, interval] of table) assert.equal(pacedIntervalMs(streak), interval, `streak ${streak}`);
  assert.equal(MAX_PACED_INTERVAL_MS, 1000, 'never slower than Supervisor\'s 1 s loop');
});

test('expected exits never build a streak; unexpected ones do until a stable run', () => {
  assert.equal(nextCrashStreak(7, { expected: true, runMs: 5 }), 0, 'a completion ends the streak');
  assert.equal(nextCrashStreak(0, { expected: false, runMs: 5 }), 1);
  assert.equal(nextCrashStreak(3, { expected: false, runMs: 5 }), 4);
  assert.equal(nextCrashStreak(3, { expected: false, runMs: STABLE_RUN_MS }), 1, 'a long run starts a new streak');
});

test('the interval counts from the previous spawn: a program that ran ≥ 1 s is never delayed', () => {
  const laststart = 1000;
  assert.equal(restartNotBefore(laststart, 1), laststart);
  assert.equal(restartNotBefore(laststart, 3), laststart + 0.2);
  assert.equal(restartNotBefore(laststart, 40), laststart + 1);
});

test('a pending paced restart is said in the description; otherwise Supervisor\'s text is unchanged', () => {
  assert.equal(pacedRestartText(0.42, 5), 'restarting in 0.4 s after 5 crashes in a row');
  assert.equal(pacedRestartText(3.2, 9), 'restarting in 4 s after 9 crashes in a row');
  const base = {
    name: 'w', group: 'w', state: 'EXITED' as const, pid: 0, laststart: 100, laststop: 100.1, spawnerr: null, exitstatus: 1,
    stdoutLogfile: null, stderrLogfile: null,
  };
  const plain = processInfo(base, 100.2).description;
  assert.doesNotMatch(plain, /restarting/);
  const paced = processInfo({ ...base, pendingRestart: { at: 100.7, crashStreak: 6 } }, 100.2).description;
  assert.equal(paced, `${plain}, restarting in 0.5 s after 6 crashes in a row`);
  const running = processInfo({ ...base, state: 'RUNNING', pid: 5, pendingRestart: { at: 100.7, crashStreak: 6 } }, 100.2).description;
  assert.match(running, /^pid 5, uptime/);
});
