/**
 * Where backups of replaced files go: the applier's default (ROOT/var/backups/svwiz) unless
 * SVWIZ_BACKUP_DIR says otherwise (tests and read-only /var setups keep them elsewhere).
 */
export function backupDirFrom(env: NodeJS.ProcessEnv): string | undefined {
  return env.SVWIZ_BACKUP_DIR || undefined;
}
