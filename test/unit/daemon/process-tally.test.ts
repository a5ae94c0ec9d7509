import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProcessTally } from '../../../src/daemon/process-tally.js';

describe('ProcessTally', () => {
  it('counts per group and name, zeros for one never seen', () => {
    const tally = new ProcessTally();
    tally.spawned('g', 'a');
    tally.spawned('g', 'a');
    tally.exited('g', 'a', true);
    tally.exited('g', 'a', false);
    tally.exited('g', 'a', false);
    tally.spawned('h', 'a');
    assert.deepEqual(tally.of('g', 'a'), { spawns: 2, expectedExits: 1, unexpectedExits: 2 });
    assert.deepEqual(tally.of('h', 'a'), { spawns: 1, expectedExits: 0, unexpectedExits: 0 });
    assert.deepEqual(tally.of('x', 'y'), { spawns: 0, expectedExits: 0, unexpectedExits: 0 });
  });

  it('does not confuse names that join to the same text', () => {
    const tally = new ProcessTally();
    tally.spawned('a:b', 'c');
    assert.equal(tally.of('a', 'b:c').spawns, 0);
  });
});
