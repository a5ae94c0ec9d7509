import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventBus } from '../../../../src/daemon/events/event-bus.js';
import { secondsToNextTick, TickClock, timeslice } from '../../../../src/daemon/events/tick-clock.js';

test('the bus delivers by type hierarchy, in subscription order, and knows what is wanted', () => {
  const bus = new EventBus();
  const seen: string[] = [];
  const state = (event: { name: string }): void => void seen.push(`state:${event.name}`);
  const all = (event: { name: string }): void => void seen.push(`all:${event.name}`);
  assert.equal(bus.wants('PROCESS_STATE_RUNNING'), false);
  bus.subscribe('PROCESS_STATE', state);
  bus.subscribe('EVENT', all);
  assert.equal(bus.wants('PROCESS_STATE_RUNNING'), true);
  bus.notify({ name: 'PROCESS_STATE_RUNNING', payload: '' });
  bus.notify({ name: 'TICK_5', payload: '' });
  assert.deepEqual(seen, ['state:PROCESS_STATE_RUNNING', 'all:PROCESS_STATE_RUNNING', 'all:TICK_5']);
  bus.unsubscribe('EVENT', all);
  assert.equal(bus.wants('TICK_5'), false);
});

test('a type subscribed twice through its parent is delivered twice (as Supervisor)', () => {
  const bus = new EventBus();
  let count = 0;
  const callback = (): void => void count++;
  bus.subscribe('PROCESS_STATE', callback);
  bus.subscribe('PROCESS_STATE_RUNNING', callback);
  bus.notify({ name: 'PROCESS_STATE_RUNNING', payload: '' });
  assert.equal(count, 2);
});

test('ticks: Supervisor timeslices and the wait to the next boundary', () => {
  assert.equal(timeslice(5, 1000.7), 1000);
  assert.equal(timeslice(60, 1019), 960);
  assert.equal(timeslice(3600, 7199.9), 3600);
  assert.ok(Math.abs(secondsToNextTick(1001.5, [5]) - 3.5) < 1e-9);
  assert.ok(Math.abs(secondsToNextTick(1001.5, [60, 3600]) - 18.5) < 1e-9);
});

test('the tick clock keeps a timer only while a pool subscribes to a tick', () => {
  const bus = new EventBus();
  const clock = new TickClock(bus);
  const callback = (): void => {};
  assert.equal(clock.armed, false);
  bus.subscribe('PROCESS_STATE', callback);
  assert.equal(clock.armed, false);
  bus.subscribe('TICK', callback);
  assert.equal(clock.armed, true);
  bus.unsubscribe('TICK', callback);
  assert.equal(clock.armed, false);
  bus.subscribe('EVENT', callback);
  assert.equal(clock.armed, true);
  clock.dispose();
  assert.equal(clock.armed, false);
});
