/**
 * The layer order of docs/architecture.md, enforced on the real import graph of src/ and checks/:
 * no import against the order, no folder or file cycle, nothing loaded by a specifier the compiler
 * cannot see, and no UI package below the layers that talk to a person.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  LAYER_ORDER,
  cyclesOf,
  fileCycles,
  folderCycles,
  folderOf,
  layerViolations,
  readImportGraph,
  repoRoot,
  type ImportGraph,
} from '../../helpers/import-graph.js';

const graph = readImportGraph();
const show = (edges: { from: string; to: string }[]) => edges.map((e) => `${e.from} -> ${e.to}`).join('\n');

test('the graph is the real tree (a test of an empty graph would pass anything)', () => {
  assert.ok(graph.files.length > 150, `only ${graph.files.length} files read`);
  assert.ok(graph.files.includes('src/bin/svwizd.ts') && graph.files.includes('checks/index.ts'));
  const has = (from: string, to: string) => graph.edges.some((e) => e.from === from && e.to === to);
  assert.ok(has('src/bin/svwizd.ts', 'src/daemon/daemon-run.ts'), 'static import');
  assert.ok(has('src/bin/svwizd.ts', 'checks/index.ts'), "dynamic import('...') with a literal");
  assert.ok(has('checks/index.ts', 'src/doctor/types.ts'), 'import type');
});

test('every import follows the layer order', () => {
  const { edges, unranked } = layerViolations(graph, LAYER_ORDER);
  assert.deepEqual(unranked, [], 'every folder has a rank in LAYER_ORDER and docs/architecture.md');
  assert.equal(edges.length, 0, `imports against the layer order:\n${show(edges)}`);
});

test('no folder cycle and no file cycle', () => {
  assert.deepEqual(folderCycles(graph), []);
  assert.deepEqual(fileCycles(graph), []);
});

test('nothing is imported by a specifier the compiler cannot see', () => {
  assert.equal(graph.unresolved.length, 0, show(graph.unresolved));
});

test('prompt, colour and argv packages stay in the layers that talk to a person', () => {
  const uiPackages = new Set(['@inquirer/prompts', 'chalk', 'commander']);
  const uiFolders = new Set(['bin', 'cli', 'ctl', 'wizard']);
  const wrong = graph.packages.filter((e) => uiPackages.has(e.to) && !uiFolders.has(folderOf(e.from)));
  assert.equal(wrong.length, 0, show(wrong));
});

test('docs/architecture.md shows the same layer order as the test', () => {
  const doc = readFileSync(path.join(repoRoot(), 'docs/architecture.md'), 'utf8');
  const block = /<!-- layer-order -->\n```\n([\s\S]*?)```/.exec(doc);
  assert.ok(block, 'docs/architecture.md has the layer-order block');
  const ranks = block[1]
    .trim()
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean))
    .reverse();
  assert.deepEqual(ranks, LAYER_ORDER);
});

test('the checker itself finds a file cycle, a folder cycle, a back-edge and a sibling import', () => {
  const tiny: ImportGraph = {
    files: ['src/a/x.ts', 'src/a/y.ts', 'src/b/z.ts', 'src/c/w.ts', 'checks/k.ts'],
    edges: [
      { from: 'src/a/x.ts', to: 'src/a/y.ts' },
      { from: 'src/a/y.ts', to: 'src/a/x.ts' },
      { from: 'src/a/x.ts', to: 'src/b/z.ts' },
      { from: 'src/b/z.ts', to: 'src/c/w.ts' },
      { from: 'src/c/w.ts', to: 'src/a/y.ts' },
      { from: 'checks/k.ts', to: 'src/a/x.ts' },
    ],
    unresolved: [],
    packages: [],
  };
  assert.deepEqual(fileCycles(tiny), [['src/a/x.ts', 'src/a/y.ts', 'src/b/z.ts', 'src/c/w.ts']]);
  assert.deepEqual(folderCycles(tiny), [['a', 'b', 'c']]);
  // Lowest first: b and c are siblings (z -> w is against the order), c -> a goes up, the rest down.
  const { edges, unranked } = layerViolations(tiny, [['b', 'c'], ['a'], ['checks']]);
  assert.deepEqual(unranked, []);
  assert.equal(show(edges), 'src/b/z.ts -> src/c/w.ts\nsrc/c/w.ts -> src/a/y.ts');
  assert.deepEqual(layerViolations(tiny, [['b', 'c'], ['a']]).unranked, ['checks']);
  assert.deepEqual(cyclesOf(['p', 'q', 'r'], [['p', 'q'], ['q', 'r']]), []);
  assert.equal(folderOf('src/errors.ts'), 'errors');
  assert.equal(folderOf('src/ctl/commands/fg.ts'), 'ctl');
  assert.equal(folderOf('checks/index.ts'), 'checks');
});
