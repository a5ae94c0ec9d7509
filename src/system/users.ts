/**
 * Users and groups as the target system sees them: /etc/passwd and /etc/group read under a root
 * dir (so `--root` and tests never consult the machine's own accounts by accident). Parsing is
 * pure; only `readAccounts` touches the file system.
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

export interface Accounts {
  users: PasswdEntry[];
  groups: GroupEntry[];
}

/** Parse /etc/passwd text; malformed lines (fewer than 7 fields, non-numeric ids) are skipped. */
export function parsePasswd(text: string): PasswdEntry[] {
  const entries: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const fields = line.split(':');
    if (fields.length < 7) continue;
    const uid = Number(fields[2]);
    const gid = Number(fields[3]);
    if (!Number.isInteger(uid) || !Number.isInteger(gid) || fields[2] === '' || fields[3] === '') continue;
    entries.push({ name: fields[0]!, uid, gid, home: fields[5]!, shell: fields[6]! });
  }
  return entries;
}

/** Parse /etc/group text; members is the comma list of the 4th field. */
export function parseGroup(text: string): GroupEntry[] {
  const entries: GroupEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const fields = line.split(':');
    if (fields.length < 4 || fields[2] === '') continue;
    const gid = Number(fields[2]);
    if (!Number.isInteger(gid)) continue;
    entries.push({ name: fields[0]!, gid, members: fields[3]!.split(',').map((m) => m.trim()).filter(Boolean) });
  }
  return entries;
}

function rootPath(root: string, file: string): string {
  return path.join(root || '/', file);
}

export async function readAccounts(root = '/'): Promise<Accounts> {
  const [passwd, group] = await Promise.all([
    readFile(rootPath(root, '/etc/passwd'), 'utf8').catch(() => ''),
    readFile(rootPath(root, '/etc/group'), 'utf8').catch(() => ''),
  ]);
  return { users: parsePasswd(passwd), groups: parseGroup(group) };
}

export function readAccountsSync(root = '/'): Accounts {
  const read = (file: string) => {
    try {
      return readFileSync(rootPath(root, file), 'utf8');
    } catch {
      return '';
    }
  };
  return { users: parsePasswd(read('/etc/passwd')), groups: parseGroup(read('/etc/group')) };
}

/** A user by name or numeric uid (Supervisor accepts both in `user=`). */
export function findUser(accounts: Accounts, nameOrUid: string | number): PasswdEntry | undefined {
  const text = String(nameOrUid).trim();
  if (/^\d+$/.test(text)) return accounts.users.find((u) => u.uid === Number(text));
  return accounts.users.find((u) => u.name === text);
}

export function findGroup(accounts: Accounts, nameOrGid: string | number): GroupEntry | undefined {
  const text = String(nameOrGid).trim();
  if (/^\d+$/.test(text)) return accounts.groups.find((g) => g.gid === Number(text)) ?? { name: text, gid: Number(text), members: [] };
  return accounts.groups.find((g) => g.name === text);
}

/**
 * Every gid a process of this user gets after `initgroups`: the primary gid plus every group
 * listing the user as a member (what Supervisor's setgroups gives a child too).
 */
export function groupIdsOf(accounts: Accounts, user: PasswdEntry): number[] {
  const ids = new Set<number>([user.gid]);
  for (const group of accounts.groups) if (group.members.includes(user.name)) ids.add(group.gid);
  return [...ids];
}

export function userNameOf(accounts: Accounts, uid: number): string {
  return accounts.users.find((u) => u.uid === uid)?.name ?? String(uid);
}

export function groupNameOf(accounts: Accounts, gid: number): string {
  return accounts.groups.find((g) => g.gid === gid)?.name ?? String(gid);
}

/**
 * Resolve an owner spec `user` or `user:group` (names or ids) to numeric ids. A bare user takes
 * the user's primary group: a chown by svwiz always means "this user and its own group".
 */
export function resolveOwner(accounts: Accounts, spec: string): { uid: number; gid: number } {
  const [userPart, groupPart] = spec.split(':') as [string, string | undefined];
  const user = findUser(accounts, userPart);
  let uid: number;
  let primaryGid: number | undefined;
  if (user) {
    uid = user.uid;
    primaryGid = user.gid;
  } else if (/^\d+$/.test(userPart.trim())) {
    uid = Number(userPart);
  } else {
    throw new UserError(`unknown user '${userPart}' in owner '${spec}': not in /etc/passwd of the target system`);
  }
  if (groupPart !== undefined && groupPart !== '') {
    const group = findGroup(accounts, groupPart);
    if (!group) throw new UserError(`unknown group '${groupPart}' in owner '${spec}': not in /etc/group of the target system`);
    return { uid, gid: group.gid };
  }
  if (primaryGid === undefined) throw new UserError(`owner '${spec}' names a uid without a passwd entry; give 'uid:gid'`);
  return { uid, gid: primaryGid };
}
