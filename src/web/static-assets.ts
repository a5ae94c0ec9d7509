/**
 * The web UI's static files, read once from the package's assets/web folder into memory (a few
 * tens of KB). Requests are answered by looking a plain file name up in that table, so no request
 * path ever reaches the file system: "..", encoded slashes and absolute paths simply do not match.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { packageLayout } from '../process/package-layout.js';

export interface StaticAsset {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Names a served file may have: one path segment, no dot files. */
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** <package>/assets/web, from the tsc build and from the bundle alike. */
export function defaultAssetsDir(): string {
  return packageLayout().webAssetsDir;
}

export function loadStaticAssets(dir: string): Map<string, StaticAsset> {
  const assets = new Map<string, StaticAsset>();
  for (const name of readdirSync(dir)) {
    const type = CONTENT_TYPES[path.extname(name)];
    if (!type || !ASSET_NAME.test(name)) continue;
    const file = path.join(dir, name);
    if (!statSync(file).isFile()) continue;
    const body = readFileSync(file);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    assets.set(name, { body, contentType: type, etag });
  }
  return assets;
}

/**
 * The asset name a URL path asks for, or undefined. `/` and `/index.html` are the page; `/assets/X`
 * is file X. The path is compared raw (not decoded) so `%2e%2e` or `%2f` can never name a file.
 */
export function assetNameForPath(pathname: string): string | undefined {
  if (pathname === '/' || pathname === '/index.html') return 'index.html';
  if (!pathname.startsWith('/assets/')) return undefined;
  const name = pathname.slice('/assets/'.length);
  return ASSET_NAME.test(name) && !name.includes('..') ? name : undefined;
}
