/**
 * Low-memory mode for an svwizd started by hand: the detached copy of daemon mode is the one node
 * start that can still carry the flag. Small boards get it unless told otherwise; a nursery size
 * of the user's own is left alone; a value of SVWIZD_LOW_MEMORY that means nothing is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonChildNodeFlags, LOW_MEMORY_NODE_FLAGS, lowMemoryByDefault } from '../../../src/service/low-memory.js';
import { UsageError } from '../../../src/errors.js';

const MB = 1024 * 1024;
const piZero = 512 * MB;
const server = 8192 * MB;

test('boards with 1 GB or less get the mode by default, larger machines do not', () => {
  assert.equal(lowMemoryByDefault(piZero), true);
  assert.equal(lowMemoryByDefault(1024 * MB), true);
  assert.equal(lowMemoryByDefault(1024 * MB + 1), false);
  assert.deepEqual(daemonChildNodeFlags({ execArgv: [], totalMemoryBytes: piZero, env: {} }), LOW_MEMORY_NODE_FLAGS);
  assert.deepEqual(daemonChildNodeFlags({ execArgv: [], totalMemoryBytes: server, env: {} }), []);
  assert.deepEqual(daemonChildNodeFlags({ execArgv: [], totalMemoryBytes: server, env: { SVWIZD_LOW_MEMORY: '' } }), []);
});

test('SVWIZD_LOW_MEMORY=1 turns it on anywhere, =0 off on a small board', () => {
  assert.deepEqual(daemonChildNodeFlags({ execArgv: [], totalMemoryBytes: server, env: { SVWIZD_LOW_MEMORY: '1' } }), LOW_MEMORY_NODE_FLAGS);
  assert.deepEqual(daemonChildNodeFlags({ execArgv: [], totalMemoryBytes: piZero, env: { SVWIZD_LOW_MEMORY: '0' } }), []);
});

test("a nursery size on node's command line or in NODE_OPTIONS is the user's and wins", () => {
  assert.deepEqual(daemonChildNodeFlags({ execArgv: ['--max-semi-space-size=4'], totalMemoryBytes: piZero, env: {} }), []);
  assert.deepEqual(daemonChildNodeFlags({ execArgv: ['--max_semi_space_size=4'], totalMemoryBytes: piZero, env: { SVWIZD_LOW_MEMORY: '1' } }), []);
  assert.deepEqual(daemonChildNodeFlags({ execArgv: [], totalMemoryBytes: piZero, env: { NODE_OPTIONS: '--trace-warnings --max-semi-space-size=8' } }), []);
  // Other flags are no reason to leave the mode off.
  assert.deepEqual(daemonChildNodeFlags({ execArgv: ['--enable-source-maps'], totalMemoryBytes: piZero, env: { NODE_OPTIONS: '--max-old-space-size=200' } }), LOW_MEMORY_NODE_FLAGS);
});

test('a value that means nothing is refused with the valid ones named', () => {
  for (const value of ['yes', 'true', '2', ' 1']) {
    assert.throws(
      () => daemonChildNodeFlags({ execArgv: [], totalMemoryBytes: server, env: { SVWIZD_LOW_MEMORY: value } }),
      (error: unknown) => error instanceof UsageError && error.message.includes(`SVWIZD_LOW_MEMORY=${value} is not valid`) && /use 1 .*, 0 .* or leave it unset/.test(error.message),
    );
  }
});
