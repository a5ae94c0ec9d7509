/**
 * What `svwiz service install` did, kept on disk so `uninstall` reverses exactly that (never
 * re-deriving names). Every install run appends its manifest; uninstall undoes them newest first.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { mapToRoot } from '../system/paths.js';
import type { Manifest } from '../plan/types.js';
import type { ServiceSpec } from './types.js';

export interface ServiceRecord {
  version: 1;
  spec: ServiceSpec;
  manifests: Manifest[];
  /** Directories the record's own write created (target paths, deepest first): removed with it when empty. */
  createdDirs?: string[];
}

export async function readServiceRecord(root: string, file: string): Promise<ServiceRecord | null> {
  try {
    const record = JSON.parse(await readFile(mapToRoot(root, file), 'utf8')) as ServiceRecord;
    return record.version === 1 && Array.isArray(record.manifests) ? record : null;
  } catch {
    return null;
  }
}

export async function writeServiceRecord(root: string, file: string, record: ServiceRecord): Promise<void> {
  const target = mapToRoot(root, file);
  const created: string[] = [];
  for (let dir = path.dirname(file); dir !== '/' && !existsSync(mapToRoot(root, dir)); dir = path.dirname(dir)) created.push(dir);
  await mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
  const createdDirs = [...(record.createdDirs ?? []), ...created];
  await writeFileAtomic(target, JSON.stringify({ ...record, ...(createdDirs.length ? { createdDirs } : {}) }, null, 2) + '\n', { mode: 0o600 });
}

/** Remove the record and the directories its write created, so uninstall leaves the tree as it was. */
export async function removeServiceRecord(root: string, file: string): Promise<void> {
  const record = await readServiceRecord(root, file);
  await rm(mapToRoot(root, file), { force: true });
  for (const dir of record?.createdDirs ?? []) await rmdir(mapToRoot(root, dir)).catch(() => undefined);
}
