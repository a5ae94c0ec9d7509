/**
 * User and group lookups for parse-time validation (Supervisor resolves `user=` and `chown=` while
 * reading the config). Reads /etc/passwd and /etc/group once per loader, synchronously, because
 * the daemon's start-up path loads its config synchronously too.
 */
import { readFileSync } from 'node:fs';

export interface AccountLookup {
  uidByName(name: string): number | undefined;
  nameByUid(uid: number): string | undefined;
  gidOfUid(uid: number): number | undefined;
  gidByName(name: string): number | undefined;
  hasGid(gid: number): boolean;
  homeOf(name: string): string | undefined;
}

interface PasswdLine {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

function readLines(file: string): string[][] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(':'));
}

/** Accounts from the files under `root` (default `/`); first entry wins, as getpwnam does. */
export function createAccountLookup(root = ''): AccountLookup {
  let users: PasswdLine[] | undefined;
  let groups: { name: string; gid: number }[] | undefined;
  const allUsers = (): PasswdLine[] =>
    (users ??= readLines(`${root}/etc/passwd`)
      .filter((f) => f.length >= 7 && /^\d+$/.test(f[2]!) && /^\d+$/.test(f[3]!))
      .map((f) => ({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]! })));
  const allGroups = (): { name: string; gid: number }[] =>
    (groups ??= readLines(`${root}/etc/group`)
      .filter((f) => f.length >= 3 && /^\d+$/.test(f[2]!))
      .map((f) => ({ name: f[0]!, gid: Number(f[2]) })));
  return {
    uidByName: (name) => allUsers().find((u) => u.name === name)?.uid,
    nameByUid: (uid) => allUsers().find((u) => u.uid === uid)?.name,
    gidOfUid: (uid) => allUsers().find((u) => u.uid === uid)?.gid,
    gidByName: (name) => allGroups().find((g) => g.name === name)?.gid,
    hasGid: (gid) => allGroups().some((g) => g.gid === gid),
    homeOf: (name) => allUsers().find((u) => u.name === name)?.home,
  };
}
