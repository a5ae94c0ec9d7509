/**
 * Undo from a manifest: the exact inverse of what the applier did, newest first. Uninstall and
 * `--fix` rollbacks use this instead of re-deriving names. Backups are read here (the only IO),
 * because a restore must carry the old bytes in the plan.
 */
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import type { Manifest, ManifestEntry, Plan, PlanOperation } from './types.js';

export function reverseManifest(manifest: Manifest): Plan {
  const operations: PlanOperation[] = [];
  for (const entry of [...manifest.entries].reverse()) operations.push(...inverseOf(entry));
  return { title: `Undo: ${manifest.title}`, operations };
}

function ownerSpec(entry: ManifestEntry): string | undefined {
  return entry.previousOwner ? `${entry.previousOwner.uid}:${entry.previousOwner.gid}` : undefined;
}

/** Bring back a backed-up file or symlink at `path`, with its previous mode and owner. */
function restore(entry: ManifestEntry, path: string, reason: string): PlanOperation[] {
  const backup = entry.backup!;
  if (lstatSync(backup).isSymbolicLink()) return [{ kind: 'symlink', path, target: readlinkSync(backup), reason }];
  const owner = ownerSpec(entry);
  return [{ kind: 'write', path, content: readFileSync(backup, 'utf8'), mode: entry.previousMode, ...(owner ? { owner } : {}), reason }];
}

function inverseOf(entry: ManifestEntry): PlanOperation[] {
  const op = entry.operation;
  const reason = `undo: ${op.reason}`;
  switch (op.kind) {
    case 'write':
    case 'symlink':
      if (entry.created) return [{ kind: 'unlink', path: op.path, reason }];
      if (op.kind === 'symlink' || entry.backup) return entry.backup ? restore(entry, op.path, reason) : [];
      return [];
    case 'mkdir': {
      if (entry.created) return [{ kind: 'unlink', path: op.path, reason }];
      const undo: PlanOperation[] = [];
      if (entry.previousMode !== undefined) undo.push({ kind: 'chmod', path: op.path, mode: entry.previousMode, reason });
      const owner = ownerSpec(entry);
      if (owner) undo.push({ kind: 'chown', path: op.path, owner, reason });
      return undo;
    }
    case 'chmod':
      return entry.previousMode !== undefined ? [{ kind: 'chmod', path: op.path, mode: entry.previousMode, reason }] : [];
    case 'chown': {
      const owner = ownerSpec(entry);
      return owner ? [{ kind: 'chown', path: op.path, owner, reason }] : [];
    }
    case 'unlink':
      if (entry.backup) return restore(entry, op.path, reason);
      // A removed socket or empty directory is not restored: its listener or creator makes it again.
      return [];
    case 'exec':
      return op.undo ? [{ kind: 'exec', argv: op.undo, reason }] : [];
  }
}

