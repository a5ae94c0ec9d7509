/**
 * A plan: everything svwiz would change on the system, as data. Wizard and doctor build plans
 * (pure); `--dry-run` renders them as a diff; the applier executes them with backups and atomic
 * writes and returns a manifest from which uninstall is the exact inverse.
 * Paths in a plan are as seen by the target system (e.g. /etc/supervisord.conf); the applier maps
 * them under `--root`.
 */
export type PlanOperation =
  | { kind: 'write'; path: string; content: string; mode?: number; owner?: string; reason: string }
  | { kind: 'mkdir'; path: string; mode?: number; owner?: string; reason: string }
  | { kind: 'chmod'; path: string; mode: number; reason: string }
  | { kind: 'chown'; path: string; owner: string; reason: string } // "user" or "user:group"
  | { kind: 'unlink'; path: string; reason: string }
  | { kind: 'symlink'; path: string; target: string; reason: string }
  | { kind: 'exec'; argv: string[]; reason: string; undo?: string[] };

export interface Plan {
  title: string;
  operations: PlanOperation[];
}

/** What the applier did, in order, with the backups it made: enough to reverse it exactly. */
export interface ManifestEntry {
  operation: PlanOperation;
  /** Backup of the file's previous content, if there was one. */
  backup?: string;
  /** True when the path did not exist before the operation. */
  created?: boolean;
  previousMode?: number;
  previousOwner?: { uid: number; gid: number };
}

export interface Manifest {
  title: string;
  appliedAt: string;
  root: string;
  entries: ManifestEntry[];
}
