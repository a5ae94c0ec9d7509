/**
 * Undoing an adoption (#13): stop the supervisor svwiz set up when no boot service of its own
 * does (`svwiz service uninstall` stops that one), then reverse the init run's manifest newest
 * first: svwiz's files go, the old config and its enable links come back from their backups, and
 * the old supervisor is started again by the command that had stopped it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { reverseManifest } from '../plan/reverse.js';
import { applyReversal, type UninstallResult } from '../service/install.js';
import { isPidAlive } from '../system/processes.js';
import { readAdoptionRecord, removeAdoptionRecord, adoptionRecordPath } from './adoption-record.js';
import { callQuietly, connect } from './supervisor-control.js';
import type { SetupRecord } from './types.js';

/** Ask the running supervisor to shut down and wait until its process is gone (it may not be running). */
export async function shutDownSupervisor(serverUrl: string, timeoutMs = 30000): Promise<number | undefined> {
  const client = connect(serverUrl);
  try {
    const pid = (await callQuietly(client, 'supervisor.getPID')) as number | undefined;
    if (!pid) return undefined;
    await callQuietly(client, 'supervisor.shutdown');
    const deadline = Date.now() + timeoutMs;
    while (isPidAlive(pid) && Date.now() < deadline) await sleep(200);
    return pid;
  } finally {
    client.close();
  }
}

export interface AdoptionUndo extends UninstallResult {
  adoptedConfig: string;
}

/** Undo the adoption recorded for `setup`; null when that setup adopted nothing. */
export async function undoAdoption(
  setup: SetupRecord,
  options: { root: string; offline: boolean; dryRun?: boolean; backupDir?: string; serviceStoppedIt: boolean },
): Promise<AdoptionUndo | null> {
  const file = adoptionRecordPath(setup.includeDir);
  const record = await readAdoptionRecord(options.root, file);
  if (!record) return null;
  const result: AdoptionUndo = { undone: [], problems: [], adoptedConfig: record.adoptedConfig };
  if (!options.offline && !options.dryRun && !options.serviceStoppedIt) {
    const pid = await shutDownSupervisor(setup.serverUrl);
    if (pid && isPidAlive(pid)) {
      result.problems.push(`${setup.backend} (pid ${pid}) did not shut down; stop it, then run 'svwiz service uninstall' again`);
      return result;
    }
    if (pid) result.undone.push(`stopped ${setup.backend} (pid ${pid})`);
  }
  // The record itself first: it sits in a directory the reversal removes once empty.
  if (!options.dryRun) await removeAdoptionRecord(options.root, file);
  const reversal = await applyReversal(reverseManifest(record.manifest).operations, options);
  result.undone.push(...reversal.undone);
  result.problems.push(...reversal.problems);
  return result;
}
