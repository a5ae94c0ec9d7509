/** depends_on's pure graph logic (issue 17): cycles named as a path, start order after dependencies. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dependencyOrder, findCycle } from '../../../src/config/dependency-graph.js';

const edges = (pairs: Record<string, string[]>) => new Map(Object.entries(pairs));

test('findCycle: none, self-free chains and diamonds', () => {
  const graphs: Record<string, string[]>[] = [{}, { b: ['a'] }, { c: ['b'], b: ['a'] }, { d: ['b', 'c'], b: ['a'], c: ['a'] }];
  for (const graph of graphs) {
    const map = edges(graph);
    assert.equal(findCycle([...map.keys()], map), undefined, JSON.stringify(graph));
  }
});

test('findCycle: the cycle as a path that ends where it began', () => {
  const cases: [Record<string, string[]>, string[]][] = [
    [{ a: ['b'], b: ['a'] }, ['a', 'b', 'a']],
    [{ a: ['b'], b: ['c'], c: ['a'] }, ['a', 'b', 'c', 'a']],
    // the cycle is found behind a node that is not on it
    [{ x: ['a'], a: ['b'], b: ['a'] }, ['a', 'b', 'a']],
    [{ a: ['a'] }, ['a', 'a']],
  ];
  for (const [graph, cycle] of cases) {
    const map = edges(graph);
    assert.deepEqual(findCycle([...map.keys()], map), cycle, JSON.stringify(graph));
  }
});

test('dependencyOrder: dependencies first, otherwise the given (priority) order', () => {
  const cases: [string[], Record<string, string[]>, string[]][] = [
    [['a', 'b', 'c'], {}, ['a', 'b', 'c']],
    [['b', 'a'], { b: ['a'] }, ['a', 'b']],
    [['c', 'b', 'a', 'z'], { c: ['b'], b: ['a'] }, ['a', 'b', 'c', 'z']],
    [['d', 'x', 'c', 'b', 'a'], { d: ['b', 'c'], b: ['a'], c: ['a'] }, ['a', 'b', 'c', 'd', 'x']],
    // a dependency outside the list is left out
    [['b'], { b: ['a'] }, ['b']],
  ];
  for (const [nodes, graph, order] of cases) assert.deepEqual(dependencyOrder(nodes, edges(graph)), order, JSON.stringify([nodes, graph]));
});
