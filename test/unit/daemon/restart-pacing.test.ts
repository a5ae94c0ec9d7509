import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isQuickExit, MAX_RESTART_DELAY_MS, QUICK_EXIT_WINDOW_MS, restartDelayMs } from '../../../src/daemon/restart-pacing.js';

test('restart pacing: first quick exit restarts at once, then the interval doubles up to the cap', () => {
  const table: [number, number][] = [[0, 0], [1, 0], [2, 100], [3, 200], [4, 400], [8, 6400], [9, MAX_RESTART_DELAY_MS], [50, MAX_RESTART_DELAY_MS]];
  for (const [count, delay] of table) assert.equal(restartDelayMs(count), delay, `count ${count}`);
});

test('a run shorter than the window is a quick exit', () => {
  assert.equal(isQuickExit(0), true);
  assert.equal(isQuickExit(QUICK_EXIT_WINDOW_MS - 1), true);
  assert.equal(isQuickExit(QUICK_EXIT_WINDOW_MS), false);
});
