/**
 * The import graph of src/ and checks/, read with the TypeScript compiler's own pre-processor
 * (static imports, `export ... from`, `import type`, and `import('...')` with a string literal),
 * and the cycle and layer checks docs/architecture.md describes. Run directly
 * (`node dist/test/helpers/import-graph.js`) it prints the numbers; the architecture test asserts
 * on the same functions.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export interface ImportEdge {
  from: string;
  to: string;
}

export interface ImportGraph {
  files: string[];
  edges: ImportEdge[];
  /** Specifiers that are neither a package nor a file of the tree, and dynamic imports of a non-literal. */
  unresolved: ImportEdge[];
  /** Imports of packages (`to` is the package name, `node:` built-ins left out). */
  packages: ImportEdge[];
}

/** Repository root, from this file's place in dist/test/helpers/ or test/helpers/. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
}

function listTs(root: string, dir: string): string[] {
  const out: string[] = [];
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return out;
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTs(root, rel));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out.sort();
}

/** Files of the given top folders (relative to root, posix separators) and their relative imports. */
export function readImportGraph(root = repoRoot(), tops = ['src', 'checks']): ImportGraph {
  const files = tops.flatMap((top) => listTs(root, top));
  const known = new Set(files);
  const edges: ImportEdge[] = [];
  const unresolved: ImportEdge[] = [];
  const packages: ImportEdge[] = [];
  for (const file of files) {
    const text = readFileSync(path.join(root, file), 'utf8');
    const info = ts.preProcessFile(text, true, true);
    for (const ref of info.importedFiles) {
      const spec = ref.fileName;
      if (!spec.startsWith('.')) {
        if (!spec.startsWith('node:')) packages.push({ from: file, to: spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0] });
        continue;
      }
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts');
      if (known.has(target)) edges.push({ from: file, to: target });
      else unresolved.push({ from: file, to: spec });
    }
    // A dynamic import of anything but a string literal hides a dependency from the compiler.
    for (const match of text.matchAll(/\bimport\(\s*(?!['"])([^)]*)\)/g)) {
      unresolved.push({ from: file, to: `import(${match[1]})` });
    }
  }
  return { files, edges, unresolved, packages };
}

/** The layer a file belongs to: `checks`, or the first folder under src/ (`src/errors.ts` → `errors`). */
export function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] !== 'src') return parts[0];
  return parts.length === 2 ? parts[1].replace(/\.ts$/, '') : parts[1];
}

/** Strongly connected components with more than one member (Tarjan), each sorted, largest first. */
export function cyclesOf(nodes: string[], edges: Array<[string, string]>): string[][] {
  const next = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const [a, b] of edges) if (a !== b) next.get(a)?.push(b);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return out.sort((a, b) => b.length - a.length || a[0].localeCompare(b[0]));
}

export function fileCycles(graph: ImportGraph): string[][] {
  return cyclesOf(graph.files, graph.edges.map((e) => [e.from, e.to]));
}

/** Folder-level edges, each with one example file edge. */
export function folderEdges(graph: ImportGraph): Map<string, ImportEdge[]> {
  const out = new Map<string, ImportEdge[]>();
  for (const edge of graph.edges) {
    const a = folderOf(edge.from);
    const b = folderOf(edge.to);
    if (a === b) continue;
    const key = `${a} -> ${b}`;
    out.set(key, [...(out.get(key) ?? []), edge]);
  }
  return out;
}

export function folderCycles(graph: ImportGraph): string[][] {
  const folders = [...new Set(graph.files.map(folderOf))];
  const pairs = [...folderEdges(graph).keys()].map((k) => k.split(' -> ') as [string, string]);
  return cyclesOf(folders, pairs);
}

/**
 * Edges against a layer order: `layers[i]` lists folders of one rank, lowest first. A file may
 * import its own folder and any folder of a strictly lower rank; folders at the same rank may not
 * import each other (that is what keeps them independent).
 */
export function layerViolations(graph: ImportGraph, layers: string[][]): { edges: ImportEdge[]; unranked: string[] } {
  const rank = new Map<string, number>();
  layers.forEach((group, i) => group.forEach((folder) => rank.set(folder, i)));
  const unranked = [...new Set(graph.files.map(folderOf))].filter((f) => !rank.has(f)).sort();
  const edges = graph.edges.filter((edge) => {
    const a = folderOf(edge.from);
    const b = folderOf(edge.to);
    if (a === b) return false;
    const ra = rank.get(a);
    const rb = rank.get(b);
    return ra === undefined || rb === undefined || rb >= ra;
  });
  return { edges, unranked };
}

/**
 * The layer order, lowest first (docs/architecture.md explains each rank). Folders in one group
 * are siblings and may not import each other.
 */
export const LAYER_ORDER: string[][] = [
  ['errors'],
  ['process', 'protocol', 'shell'],
  ['system'],
  ['config', 'plan'],
  ['rpc'],
  ['daemon', 'ctl', 'service'],
  ['doctor'],
  ['checks'],
  ['wizard', 'web'],
  ['cli'],
  ['bin'],
];

function main(): void {
  const graph = readImportGraph();
  const violations = layerViolations(graph, LAYER_ORDER);
  const fCycles = fileCycles(graph);
  const dCycles = folderCycles(graph);
  const verbose = process.argv.includes('--verbose');
  console.log(`files ${graph.files.length}, import edges ${graph.edges.length}, folder edges ${folderEdges(graph).size}`);
  console.log(`folder cycles ${dCycles.length}: ${dCycles.map((c) => `{${c.join(', ')}}`).join(' ')}`);
  console.log(`file cycles ${fCycles.length} (files in them ${fCycles.reduce((n, c) => n + c.length, 0)})`);
  for (const c of fCycles) console.log(`  {${c.join(', ')}}`);
  console.log(`edges against the layer order ${violations.edges.length}; unranked folders: ${violations.unranked.join(', ') || 'none'}`);
  const byFolder = new Map<string, number>();
  for (const e of violations.edges) {
    const k = `${folderOf(e.from)} -> ${folderOf(e.to)}`;
    byFolder.set(k, (byFolder.get(k) ?? 0) + 1);
  }
  for (const [k, n] of [...byFolder].sort()) console.log(`  ${k}: ${n}`);
  if (verbose) for (const e of violations.edges) console.log(`    ${e.from} -> ${e.to}`);
  console.log(`unresolved or non-literal imports ${graph.unresolved.length}`);
  for (const e of graph.unresolved) console.log(`  ${e.from}: ${e.to}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
