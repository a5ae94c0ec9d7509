/** Primary gid of a uid, from /etc/passwd (then `getent`, for NSS users). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
}

export function parsePasswdLine(line: string): PasswdEntry | undefined {
  const fields = line.split(':');
  if (fields.length < 4) return undefined;
  const uid = Number(fields[2]);
  const gid = Number(fields[3]);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) return undefined;
  return { name: fields[0]!, uid, gid };
}

export function lookupUid(uid: number, passwdFile = '/etc/passwd'): PasswdEntry | undefined {
  try {
    for (const line of readFileSync(passwdFile, 'utf8').split('\n')) {
      const entry = parsePasswdLine(line);
      if (entry && entry.uid === uid) return entry;
    }
  } catch {
    // fall through to getent
  }
  try {
    return parsePasswdLine(execFileSync('getent', ['passwd', String(uid)], { encoding: 'utf8' }).trim());
  } catch {
    return undefined;
  }
}

/** A user given as a name or a numeric uid (`user=` / `-u`). */
export function lookupUser(user: string, passwdFile = '/etc/passwd'): PasswdEntry | undefined {
  if (/^\d+$/.test(user)) return lookupUid(Number(user), passwdFile);
  try {
    for (const line of readFileSync(passwdFile, 'utf8').split('\n')) {
      const entry = parsePasswdLine(line);
      if (entry && entry.name === user) return entry;
    }
  } catch {
    // fall through to getent
  }
  try {
    return parsePasswdLine(execFileSync('getent', ['passwd', user], { encoding: 'utf8' }).trim());
  } catch {
    return undefined;
  }
}
