/** The flags of `svwiz service install|uninstall|status`, one table each (src/wizard/flag-table.ts). */
import type { Backend, ServiceKind } from '../service/types.js';
import { boolean, choice, flagTable, text, configFlagTable, type FlagValues } from '../wizard/flag-table.js';

const ROOT = text('--root <dir>', 'treat DIR as /');
const USER = boolean('--user', 'the user-mode service (~/.config/svwiz)');

export const SERVICE_INSTALL_FLAGS = flagTable({
  ...configFlagTable('supervisor config (default: from svwiz init)'),
  kind: choice('--kind <kind>', 'service kind (default: from what PID 1 is)', ['systemd', 'systemd-user', 'sysv'] as const satisfies readonly ServiceKind[]),
  backend: choice('--backend <backend>', 'svwizd or supervisord (default: from svwiz init)', ['svwizd', 'supervisord'] as const satisfies readonly Backend[]),
  pidfile: text('--pidfile <path>', 'pid file (default: from svwiz init)'),
  name: text('--name <name>', 'unit / script name (default svwiz)'),
  networkOnline: boolean('--network-online', 'systemd: wait for network-online.target at boot', { negate: 'systemd: do not wait for the network (default)' }),
  lowMemory: boolean('--low-memory', 'svwizd: run with a small V8 nursery (less memory on small boards)', { negate: "svwizd: run with V8's default heap sizes" }),
  root: ROOT,
  dryRun: boolean('--dry-run', 'print the plan as a diff and change nothing'),
  yes: boolean('-y, --yes', 'do not ask'),
  overwrite: boolean('--overwrite', 'replace an existing unit/script that would change (backed up first)'),
});
export type ServiceInstallOptions = FlagValues<typeof SERVICE_INSTALL_FLAGS>;

export const SERVICE_UNINSTALL_FLAGS = flagTable({
  ...configFlagTable('the config svwiz init wrote (default: from svwiz init)'),
  user: USER,
  root: ROOT,
  dryRun: boolean('--dry-run', 'print what would be undone'),
});
export type ServiceUninstallOptions = FlagValues<typeof SERVICE_UNINSTALL_FLAGS>;

export const SERVICE_STATUS_FLAGS = flagTable({
  user: USER,
  root: ROOT,
  json: boolean('--json', 'print one JSON document'),
});
export type ServiceStatusOptions = FlagValues<typeof SERVICE_STATUS_FLAGS>;
