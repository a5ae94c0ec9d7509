/**
 * What adopting an existing Supervisor changed (#13): the init run's manifest, beside the setup
 * record, so `svwiz service uninstall` reverses exactly it (old config and enable links restored
 * from their backups, the old supervisor started again) instead of re-deriving anything.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Manifest } from '../plan/types.js';
import { mapToRoot } from '../system/paths.js';
import type { ExistingChoice } from './plan-adopt.js';

export interface AdoptionRecord {
  version: 1;
  choice: Exclude<ExistingChoice, 'side-by-side'>;
  /** The config the old supervisor ran on. */
  adoptedConfig: string;
  manifest: Manifest;
}

/** Next to setup.json (dirname of the include dir), so the setup record leads to it. */
export function adoptionRecordPath(includeDir: string): string {
  return path.join(path.dirname(includeDir), 'adoption-manifest.json');
}

export async function readAdoptionRecord(root: string, file: string): Promise<AdoptionRecord | null> {
  try {
    const record = JSON.parse(await readFile(mapToRoot(root, file), 'utf8')) as AdoptionRecord;
    return record.version === 1 && Array.isArray(record.manifest?.entries) ? record : null;
  } catch {
    return null;
  }
}

export async function writeAdoptionRecord(root: string, file: string, record: AdoptionRecord): Promise<void> {
  const target = mapToRoot(root, file);
  await mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
  await writeFileAtomic(target, JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
}

export async function removeAdoptionRecord(root: string, file: string): Promise<void> {
  await rm(mapToRoot(root, file), { force: true });
}
