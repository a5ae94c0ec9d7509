/** The flags of `svwiz doctor`, as one table (src/wizard/flag-table.ts): commander reads it, the handler is typed by it. */
import { boolean, flagTable, list, text, configFlagTable, type FlagValues } from '../wizard/flag-table.js';

export const DOCTOR_FLAGS = flagTable({
  ...configFlagTable("supervisord config (default: the running daemon's, else Supervisor's search path)"),
  root: text('--root <dir>', 'treat DIR as / (check an SD-card image or a test tree)'),
  fix: boolean('--fix', 'build fixes, show them, apply them (asks unless --yes), then re-run the checks'),
  yes: boolean('-y, --yes', 'apply fixes without asking'),
  json: boolean('--json', 'print one JSON report on stdout and nothing else'),
  verbose: boolean('--verbose', 'show the evidence behind every finding'),
  strict: boolean('--strict', 'exit 1 on warnings too'),
  check: list('--check <id>', 'run only this check (repeatable)'),
  listChecks: boolean('--list-checks', 'list the checks and exit'),
  backupDir: text('--backup-dir <dir>', 'where --fix keeps copies of the files it changes (default <root>/var/backups/svwiz)'),
  // Checked by the handler (its own message), so commander keeps the text.
  timeout: text('--timeout <ms>', 'time limit per check', { default: '20000' }),
  initDir: text('--init-dir <dir>', 'where SysV init scripts live (default <root>/etc/init.d)'),
  rcDir: text('--rc-dir <dir>', 'the dir holding rc0.d … rc6.d (default <root>/etc)'),
  unitDir: list('--unit-dir <dir>', 'a systemd unit dir to look in (repeatable; default the standard ones)'),
});
export type DoctorCommandOptions = FlagValues<typeof DOCTOR_FLAGS>;
