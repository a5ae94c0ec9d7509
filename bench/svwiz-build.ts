/**
 * Which build of svwiz the bench runs. By default what a user's install runs: bundle/ (`npm run
 * bundle`, package.json "bin"), each file started by its own `#!` line, so node flags there are
 * measured. BENCH_SVWIZ_BUILD=dist runs the tsc build under this node instead.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout (this file runs from dist/bench/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FROM_DIST = process.env.BENCH_SVWIZ_BUILD === 'dist';
const BUILD = FROM_DIST ? path.join(REPO_ROOT, 'dist', 'src', 'bin') : path.join(REPO_ROOT, 'bundle');

export const SVWIZD = path.join(BUILD, 'svwizd.js');
export const SVWIZCTL = path.join(BUILD, 'svwizctl.js');
export const SVWIZ = path.join(BUILD, 'svwiz.js');

/** argv that runs one of the bins above: by its `#!` line (bundle), or `node FILE` (dist). */
export function binArgv(file: string): string[] {
  return FROM_DIST ? [process.execPath, file] : [file];
}
