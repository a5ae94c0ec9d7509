/**
 * DAEMON, SUPERVISORCTL and PATH for the boot service, found with `which` at install time (the
 * seed's bug: the downloaded init script pointed at /usr/bin while pip had installed to
 * /usr/local/bin). A binary inside a version manager's tree (~/.nvm, ~/.pyenv, ~/.asdf…) works
 * today and breaks at the next upgrade, so it is reported. A binary inside npx's cache
 * (`npx svwiz init`) is gone at the next cache clean, so the service is refused outright.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { packageLayout, type PackageScript } from '../process/package-layout.js';
import { mapToRoot, realTargetPath } from '../system/paths.js';
import { readShebangLine, shebangInterpreter } from '../system/shebang.js';
import { which } from '../system/which.js';
import type { Backend, ResolvedBinaries, ResolvedProgram } from './types.js';

export const STANDARD_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

const VERSION_MANAGER_DIRS = ['.nvm', '.pyenv', '.asdf', '.volta', '.fnm', '.nodenv', '.rbenv', 'n/versions'];

/** The version manager a path lives under, e.g. ".nvm", or null. */
export function versionManagerOf(file: string): string | null {
  const parts = file.split('/');
  for (const dir of VERSION_MANAGER_DIRS) {
    const words = dir.split('/');
    for (let i = 0; i + words.length <= parts.length; i++) {
      if (words.every((word, j) => parts[i + j] === word)) return dir;
    }
  }
  return null;
}

/** True for a path inside npx's cache (`~/.npm/_npx/<hash>/…`), which npm may delete at any time. */
export function isInNpxCache(file: string): boolean {
  return file.split('/').includes('_npx');
}

function refuseNpxCache(file: string): void {
  if (!isInNpxCache(file)) return;
  throw new UserError(
    `${file} is inside npx's cache, which npm cleans without asking: a boot service pointing there stops working. Install svwiz for good with 'npm install -g svwiz', then run 'svwiz init' (not 'npx svwiz init') again`,
  );
}

/** The PATH a service gets: the standard dirs plus the dirs of the binaries it needs, nothing else. */
export function servicePath(extraDirs: string[]): string {
  const dirs: string[] = [];
  for (const dir of extraDirs) if (!STANDARD_PATH.includes(dir) && !dirs.includes(dir)) dirs.push(dir);
  return [...dirs, ...STANDARD_PATH].join(':');
}

/** Where FILE (a path inside ROOT) really is, as the target sees it; FILE itself when it cannot be resolved. */
function realPathIn(root: string, file: string): string {
  return realTargetPath(root, file) ?? file;
}

/** Node names a `#!` line may give (Debian once shipped node as `nodejs`). */
function isNodeInterpreter(interpreter: string): boolean {
  return ['node', 'nodejs'].includes(path.basename(interpreter));
}

export interface ResolveOptions {
  backend: Backend;
  PATH: string;
  root?: string;
  /** Starting the daemon once, not writing a service: npx's cache lives long enough for that. */
  transient?: boolean;
}

export function resolveServiceBinaries(options: ResolveOptions): ResolvedBinaries {
  const root = options.root ?? '/';
  const warnings: string[] = [];
  const extraDirs: string[] = [];
  const [daemonName, ctlName] = options.backend === 'svwizd' ? ['svwizd', 'svwizctl'] : ['supervisord', 'supervisorctl'];

  const resolveOne = (name: string, fallbackScript: PackageScript): ResolvedProgram => {
    const found = which(name, options.PATH, root);
    if (found) {
      if (!options.transient) {
        refuseNpxCache(found);
        refuseNpxCache(realPathIn(root, found));
      }
      extraDirs.push(path.dirname(found));
      const interpreter = shebangInterpreter(readShebangLine(mapToRoot(root, found)));
      let interpreterPath = interpreter;
      if (interpreter && !interpreter.includes('/')) {
        // `#!/usr/bin/env node` needs node on the service's PATH, which is not the caller's PATH.
        interpreterPath = which(interpreter, options.PATH, root) ?? null;
        if (!interpreterPath) throw new UserError(`${found} needs '${interpreter}' (its #! line), which is not on PATH`);
        extraDirs.push(path.dirname(interpreterPath));
        noteVersionManager(interpreterPath);
      }
      noteVersionManager(found);
      // The real file, not npm's bin symlink, so the service names what runs (node follows the link anyway).
      const node = interpreterPath && isNodeInterpreter(interpreterPath) ? { binary: interpreterPath, script: realPathIn(root, found) } : undefined;
      return { binary: found, script: null, ...(node ? { node } : {}) };
    }
    if (options.backend === 'svwizd') {
      // Running from a checkout (`node dist/src/bin/svwiz.js`): use this node and this package's bin.
      if (path.resolve(root) !== '/') {
        warnings.push(`${name} is not installed in ${root}: the service points at this machine's ${process.execPath}; install svwiz in the image (npm install -g svwiz) and re-run`);
      }
      const nodePath = process.execPath;
      extraDirs.push(path.dirname(nodePath));
      noteVersionManager(nodePath);
      // This package's own bin, for a checkout (or a bundle) that is not on PATH.
      let script = packageLayout().script(fallbackScript);
      try {
        script = realpathSync(script);
      } catch {
        /* reported below if missing */
      }
      if (!options.transient) refuseNpxCache(script);
      if (/\s/.test(script)) throw new UserError(`the svwiz install path contains whitespace (${script}); install svwiz globally (npm install -g svwiz)`);
      return { binary: nodePath, script };
    }
    throw new UserError(
      `'${name}' is not on PATH (${options.PATH || 'empty'}): install Python Supervisor (apt-get install supervisor, or pip install supervisor) or choose --backend svwizd`,
    );
  };

  const noteVersionManager = (file: string) => {
    const real = realPathIn(root, file);
    const manager = versionManagerOf(file) ?? versionManagerOf(real);
    if (manager && !warnings.some((w) => w.includes(file))) {
      warnings.push(
        `${file} lives under ~/${manager}: the boot service will break when that version is upgraded or removed; install it system-wide (e.g. apt, or a node from nodesource) and re-run 'svwiz service install'`,
      );
    }
  };

  const daemon = resolveOne(daemonName, 'svwizd');
  const ctl = resolveOne(ctlName, 'svwizctl');
  return { daemon, ctl, PATH: servicePath(extraDirs), warnings };
}
