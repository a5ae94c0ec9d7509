/**
 * Where this package's own files are at run time, for both builds that run: the tsc build
 * (dist/src/<layer>/<module>.js, what the tests run by default) and the single-file bins that are
 * shipped (bundle/<bin>.js, one file per bin made by scripts/bundle.mjs). Every lookup of a
 * package file (package.json, assets/, a sibling bin to spawn) goes through here, so the two
 * layouts are known in one place.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bins (and helper scripts) that are spawned by path as `node <script>`. */
export type PackageScript = 'svwiz' | 'svwizd' | 'svwizctl' | 'rpc-action';

export interface PackageLayout {
  /** The package root: package.json, assets/, man/. */
  readonly root: string;
  /** The file `node` runs for SCRIPT in this build. */
  script(name: PackageScript): string;
  /** The web UI's static files. */
  readonly webAssetsDir: string;
}

/** True in bundle/*.js: esbuild replaces the identifier with `true` there. */
export const BUNDLED: boolean = typeof __SVWIZ_BUNDLED__ !== 'undefined' && __SVWIZ_BUNDLED__;

/**
 * The layout seen from MODULE_FILE, the file this code runs in: in the bundle that is
 * <root>/bundle/<bin>.js, in the tsc build <root>/dist/src/process/package-layout.js. Pure.
 */
export function layoutFrom(moduleFile: string, bundled: boolean): PackageLayout {
  const here = path.dirname(moduleFile);
  const root = bundled ? path.resolve(here, '..') : path.resolve(here, '../../..');
  const binDir = bundled ? path.join(root, 'bundle') : path.join(root, 'dist/src/bin');
  return {
    root,
    script: (name) => path.join(binDir, `${name}.js`),
    webAssetsDir: path.join(root, 'assets/web'),
  };
}

let current: PackageLayout | undefined;

/** The layout of the running build. */
export function packageLayout(): PackageLayout {
  current ??= layoutFrom(fileURLToPath(import.meta.url), BUNDLED);
  return current;
}
