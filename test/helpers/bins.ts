/**
 * The bin a test spawns: the tsc build (dist/src/bin/NAME.js) by default, or the single-file bin
 * that is shipped (bundle/NAME.js, `npm run bundle`) when SVWIZ_TEST_BINS=bundle, so the same
 * tests prove what users run (.ci/run runs the ctl and interop tests both ways). A missing bundle
 * fails the test that spawns it, never skips it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type BinName = 'svwiz' | 'svwizd' | 'svwizctl' | 'rpc-action';

/** The repository root (this file is dist/test/helpers/bins.js). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Which build the tests run: SVWIZ_TEST_BINS=bundle or (default) dist. */
export function testBinsKind(env: NodeJS.ProcessEnv = process.env): 'dist' | 'bundle' {
  const kind = env.SVWIZ_TEST_BINS ?? 'dist';
  if (kind !== 'dist' && kind !== 'bundle') throw new Error(`SVWIZ_TEST_BINS=${kind}: valid are dist and bundle`);
  return kind;
}

/** The script `node` runs for bin NAME in the build under test. */
export function testBin(name: BinName): string {
  const file = testBinsKind() === 'bundle' ? path.join(REPO_ROOT, 'bundle', `${name}.js`) : path.join(REPO_ROOT, 'dist/src/bin', `${name}.js`);
  if (testBinsKind() === 'bundle' && !existsSync(file)) throw new Error(`${file} is missing: run 'npm run bundle' before SVWIZ_TEST_BINS=bundle`);
  return file;
}
