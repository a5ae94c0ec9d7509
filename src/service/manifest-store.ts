/**
 * What `svwiz service install` did, kept on disk so `uninstall` reverses exactly that (never
 * re-deriving names). Every install run appends its manifest; uninstall undoes them newest first.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { mapToRoot } from '../system/paths.js';
import type { Manifest } from '../plan/types.js';
import type { ServiceSpec } from './types.js';

export interface ServiceRecord {
  version: 1;
  spec: ServiceSpec;
  manifests: Manifest[];
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
  await mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
  await writeFileAtomic(target, JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
}

export async function removeServiceRecord(root: string, file: string): Promise<void> {
  await rm(mapToRoot(root, file), { force: true });
}
