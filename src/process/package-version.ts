import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageLayout } from './package-layout.js';

/** The version in the package's package.json. */
export function readPackageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(packageLayout().root, 'package.json'), 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'svwiz' && pkg.version) return pkg.version;
  } catch {
    // reported as 0.0.0 below: a version string is never worth failing a command for
  }
  return '0.0.0';
}
