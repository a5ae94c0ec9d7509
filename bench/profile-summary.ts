/**
 * `node dist/bench/profile-summary.js FILE.cpuprofile [N]`: the top N functions by self time and
 * by total (inclusive) time of a `node --cpu-prof` profile, to explain a benchmark figure.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  frame: string;
  selfMs: number;
  totalMs: number;
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? `${path.basename(url)}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'}${file ? ` ${file}` : ''}`;
}

export function summarizeCpuProfile(profile: CpuProfile): { rows: ProfileRow[]; wallMs: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const name = frameName(byId.get(id)!);
    self.set(name, (self.get(name) ?? 0) + us);
    // Inclusive time: once per distinct frame name on the stack (recursion counted once).
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = frameName(byId.get(current)!);
      if (seen.has(frame)) continue;
      seen.add(frame);
      total.set(frame, (total.get(frame) ?? 0) + us);
    }
  }
  const rows = [...total.keys()].map((frame) => ({ frame, selfMs: (self.get(frame) ?? 0) / 1000, totalMs: total.get(frame)! / 1000 }));
  return { rows, wallMs: (profile.endTime - profile.startTime) / 1000 };
}

function main(): void {
  const [file, countArg] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node dist/bench/profile-summary.js FILE.cpuprofile [N]\n');
    process.exitCode = 2;
    return;
  }
  const count = Number(countArg ?? 25);
  const { rows, wallMs } = summarizeCpuProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const line = (row: ProfileRow): string => `${row.selfMs.toFixed(1).padStart(9)} ${row.totalMs.toFixed(1).padStart(9)}  ${row.frame}`;
  process.stdout.write(`profile wall ${wallMs.toFixed(0)} ms\n\n   self ms  total ms  top by self time\n`);
  for (const row of [...rows].sort((a, b) => b.selfMs - a.selfMs).slice(0, count)) process.stdout.write(`${line(row)}\n`);
  process.stdout.write(`\n   self ms  total ms  top by total time\n`);
  for (const row of [...rows].sort((a, b) => b.totalMs - a.totalMs).slice(0, count)) process.stdout.write(`${line(row)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
