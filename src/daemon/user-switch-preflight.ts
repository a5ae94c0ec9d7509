/**
 * `[supervisord] user=`: the daemon switches to that user *before* it opens its main log and
 * pidfile (as Supervisor does), so a log dir only root may write ends the start with EACCES — and
 * a diagnosis made after the switch runs as that user and blames the wrong file (it cannot even
 * read a root-only config any more, #13). Checked while still root: the error names the file, the
 * user, and both ways out.
 */
import type { SupervisordConfig } from '../config/types.js';
import { UserError } from '../errors.js';
import { canWriteFile } from '../system/access.js';
import { accountsFor } from '../system/users.js';

const BLOCKED: Record<string, string> = {
  missing: 'does not exist, and cannot be created',
  'no-search': 'cannot be entered',
  'no-write': 'is not writable',
  'not-a-directory': 'is not a directory, so it cannot be written',
};

export async function assertSwitchedUserCanWrite(settings: SupervisordConfig): Promise<void> {
  const name = settings.user;
  if (!name || process.getuid?.() !== 0) return;
  const accounts = accountsFor('/');
  const user = accounts.user(name);
  if (!user || user.uid === 0) return;
  const identity = { uid: user.uid, gids: accounts.groupIdsOf(user) };
  const needs = [
    { file: settings.logfile, what: 'its main log', key: 'logfile' },
    { file: settings.pidfile, what: 'its pidfile', key: 'pidfile' },
  ].filter((need) => need.file && !/^syslog$/i.test(need.file));
  for (const need of needs) {
    const result = await canWriteFile(identity, need.file!);
    if (result.ok) continue;
    throw new UserError(
      `${user.name} (user= in [supervisord]) cannot write ${need.what} ${need.file}: ${result.blockedAt} ${BLOCKED[result.reason ?? 'no-write'] ?? 'is not writable'} by ${user.name}. ` +
        `The daemon switches to ${user.name} before it opens ${need.what}. Either give ${user.name} that directory ` +
        `(as root: svwiz doctor --fix --check log-permissions), or run the supervisor as root and only the programs as ${user.name}: ` +
        `remove user= from [supervisord] and set user=${user.name} in each [program:x]`,
    );
  }
}
