/**
 * Users and groups: the one place svwiz asks who an account is. On the machine itself (root `/`)
 * the answer comes from NSS through `getent`, as Supervisor's `pwd`/`grp` lookups do, so a
 * `user=ldapuser` from LDAP or sssd works; under `--root DIR` (an SD-card image, a test tree) the
 * image's own /etc/passwd and /etc/group are read, never the machine's. Parsing is pure.
 */
import { execFileSync } from 'node:child_process';
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

/** Answers about accounts; each lookup takes a name or a numeric id, as Supervisor's `user=` does. */
export interface Accounts {
  /** `nss`: the machine's accounts through getent; `files`: passwd/group files of a --root image. */
  readonly source: 'nss' | 'files';
  user(nameOrUid: string | number): PasswdEntry | undefined;
  group(nameOrGid: string | number): GroupEntry | undefined;
  /** Every gid a process of this user gets after `initgroups`: the primary gid plus the supplementary ones. */
  groupIdsOf(user: PasswdEntry): number[];
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

const isId = (key: string) => /^\d+$/.test(key);

/** Accounts from passwd and group text (first entry wins, as getpwnam does on files). */
export function accountsFromFiles(passwdText: string, groupText: string): Accounts {
  const users = parsePasswd(passwdText);
  const groups = parseGroup(groupText);
  return {
    source: 'files',
    user(nameOrUid) {
      const key = String(nameOrUid).trim();
      return isId(key) ? users.find((u) => u.uid === Number(key)) : users.find((u) => u.name === key);
    },
    group(nameOrGid) {
      const key = String(nameOrGid).trim();
      return isId(key) ? groups.find((g) => g.gid === Number(key)) : groups.find((g) => g.name === key);
    },
    groupIdsOf(user) {
      const ids = new Set<number>([user.gid]);
      for (const group of groups) if (group.members.includes(user.name)) ids.add(group.gid);
      return [...ids];
    },
  };
}

/** One `getent DATABASE KEY` line, or undefined when the key is unknown (exit 2) or getent fails. */
export type GetentRunner = (database: 'passwd' | 'group' | 'initgroups', key: string) => string | undefined;

export const runGetent: GetentRunner = (database, key) => {
  try {
    return execFileSync('getent', [database, key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10000 }).split('\n')[0];
  } catch {
    return undefined;
  }
};

/** The machine's accounts through NSS (files, LDAP, sssd, ...), each answer cached for this object's life. */
export function nssAccounts(getent: GetentRunner = runGetent): Accounts {
  const users = new Map<string, PasswdEntry | undefined>();
  const groups = new Map<string, GroupEntry | undefined>();
  const memberships = new Map<string, number[]>();
  const ask = <T>(cache: Map<string, T | undefined>, key: string, read: () => T | undefined): T | undefined => {
    if (!cache.has(key)) cache.set(key, read());
    return cache.get(key);
  };
  return {
    source: 'nss',
    user(nameOrUid) {
      const key = String(nameOrUid).trim();
      if (!key || key.includes(':')) return undefined;
      return ask(users, key, () => parsePasswd(getent('passwd', key) ?? '')[0]);
    },
    group(nameOrGid) {
      const key = String(nameOrGid).trim();
      if (!key || key.includes(':')) return undefined;
      return ask(groups, key, () => parseGroup(getent('group', key) ?? '')[0]);
    },
    groupIdsOf(user) {
      // `getent initgroups NAME` prints "NAME  gid gid ..." (the supplementary groups initgroups adds).
      const extra = ask(memberships, user.name, () =>
        (getent('initgroups', user.name) ?? '').trim().split(/\s+/).slice(1).filter(isId).map(Number),
      )!;
      return [...new Set([user.gid, ...extra])];
    },
  };
}

/**
 * Accounts as the target system sees them: NSS for the machine itself, the image's files under
 * any other root. A fresh object (and cache) per call, so a long-running daemon sees new users.
 */
export function accountsFor(root = '/'): Accounts {
  if (path.resolve(root || '/') === '/') return nssAccounts();
  const read = (file: string) => {
    try {
      return readFileSync(path.join(root, file), 'utf8');
    } catch {
      return '';
    }
  };
  return accountsFromFiles(read('/etc/passwd'), read('/etc/group'));
}

/** The same answer as `accountsFor`, for callers on an async path. */
export async function readAccounts(root = '/'): Promise<Accounts> {
  return accountsFor(root);
}

export function readAccountsSync(root = '/'): Accounts {
  return accountsFor(root);
}

/** A user by name or numeric uid (Supervisor accepts both in `user=`). */
export function findUser(accounts: Accounts, nameOrUid: string | number): PasswdEntry | undefined {
  return accounts.user(nameOrUid);
}

export function findGroup(accounts: Accounts, nameOrGid: string | number): GroupEntry | undefined {
  const text = String(nameOrGid).trim();
  // A numeric gid is valid for chown even without a group entry.
  return accounts.group(text) ?? (isId(text) ? { name: text, gid: Number(text), members: [] } : undefined);
}

/**
 * Every gid a process of this user gets after `initgroups`: the primary gid plus every group
 * listing the user as a member (what Supervisor's setgroups gives a child too).
 */
export function groupIdsOf(accounts: Accounts, user: PasswdEntry): number[] {
  return accounts.groupIdsOf(user);
}

export function userNameOf(accounts: Accounts, uid: number): string {
  return accounts.user(uid)?.name ?? String(uid);
}

export function groupNameOf(accounts: Accounts, gid: number): string {
  return accounts.group(gid)?.name ?? String(gid);
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
