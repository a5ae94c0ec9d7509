/**
 * "Could user U read/write/enter path P?" answered from mode bits, owners and the user's groups,
 * the way the kernel decides, for a user other than the one running svwiz (the doctor usually
 * runs as root, which would see no problem at all). ACLs and capabilities beyond root are not
 * modelled.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { mapToRoot } from './paths.js';

export interface Identity {
  uid: number;
  gids: number[];
}

export interface FileFacts {
  mode: number;
  uid: number;
  gid: number;
  isDirectory: boolean;
}

export type AccessWant = 'r' | 'w' | 'x';

/** Pure kernel rule: owner class, else group class, else other; root may read/write anything and execute when any x bit is set (always for dirs). */
export function permits(who: Identity, file: FileFacts, want: AccessWant): boolean {
  if (who.uid === 0) {
    if (want !== 'x') return true;
    return file.isDirectory || (file.mode & 0o111) !== 0;
  }
  const bit = want === 'r' ? 4 : want === 'w' ? 2 : 1;
  if (file.uid === who.uid) return ((file.mode >> 6) & bit) !== 0;
  if (who.gids.includes(file.gid)) return ((file.mode >> 3) & bit) !== 0;
  return (file.mode & bit) !== 0;
}

export interface AccessResult {
  ok: boolean;
  /** The first path component that blocks (or the missing one). */
  blockedAt?: string;
  reason?: 'missing' | 'no-search' | 'no-write' | 'no-read' | 'no-exec' | 'not-a-directory';
  /** Facts about blockedAt, for messages ("owned by root:root mode 0755"). */
  facts?: FileFacts;
}

async function factsOf(root: string, targetPath: string): Promise<FileFacts | undefined> {
  try {
    const st = await stat(mapToRoot(root, targetPath));
    return { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, isDirectory: st.isDirectory() };
  } catch {
    return undefined;
  }
}

/** Every directory above `target` must be searchable (x). */
async function checkSearchPath(root: string, who: Identity, target: string): Promise<AccessResult> {
  const absolute = path.resolve('/', target);
  const parts = absolute.split('/').filter(Boolean);
  let current = '/';
  for (let i = 0; i < parts.length - 1; i++) {
    const facts = await factsOf(root, current);
    if (!facts) return { ok: false, blockedAt: current, reason: 'missing' };
    if (!facts.isDirectory) return { ok: false, blockedAt: current, reason: 'not-a-directory', facts };
    if (!permits(who, facts, 'x')) return { ok: false, blockedAt: current, reason: 'no-search', facts };
    current = path.join(current, parts[i]!);
  }
  const parent = await factsOf(root, current);
  if (absolute !== '/' && !parent) return { ok: false, blockedAt: current, reason: 'missing' };
  if (parent && absolute !== '/' && !parent.isDirectory) return { ok: false, blockedAt: current, reason: 'not-a-directory', facts: parent };
  if (parent && absolute !== '/' && !permits(who, parent, 'x')) return { ok: false, blockedAt: current, reason: 'no-search', facts: parent };
  return { ok: true };
}

/** Can `who` open `file` for appending, creating it if needed (what a log file needs)? */
export async function canWriteFile(who: Identity, file: string, root = '/'): Promise<AccessResult> {
  const search = await checkSearchPath(root, who, file);
  if (!search.ok) return search;
  const facts = await factsOf(root, file);
  if (facts) {
    if (facts.isDirectory) return { ok: false, blockedAt: file, reason: 'not-a-directory', facts };
    return permits(who, facts, 'w') ? { ok: true } : { ok: false, blockedAt: file, reason: 'no-write', facts };
  }
  const dir = path.dirname(path.resolve('/', file));
  const dirFacts = (await factsOf(root, dir))!;
  return permits(who, dirFacts, 'w') ? { ok: true } : { ok: false, blockedAt: dir, reason: 'no-write', facts: dirFacts };
}

/** Can `who` create and remove files in `dir` (a childlogdir, a pidfile's or socket's dir)? */
export async function canWriteDirectory(who: Identity, dir: string, root = '/'): Promise<AccessResult> {
  const search = await checkSearchPath(root, who, path.join(dir, '.probe'));
  if (!search.ok) return search;
  const facts = (await factsOf(root, dir))!;
  return permits(who, facts, 'w') ? { ok: true } : { ok: false, blockedAt: dir, reason: 'no-write', facts };
}

/** Can `who` chdir into `dir`? */
export async function canEnterDirectory(who: Identity, dir: string, root = '/'): Promise<AccessResult> {
  return checkSearchPath(root, who, path.join(dir, '.probe'));
}

export async function canReadFile(who: Identity, file: string, root = '/'): Promise<AccessResult> {
  const search = await checkSearchPath(root, who, file);
  if (!search.ok) return search;
  const facts = await factsOf(root, file);
  if (!facts) return { ok: false, blockedAt: file, reason: 'missing' };
  return permits(who, facts, 'r') ? { ok: true } : { ok: false, blockedAt: file, reason: 'no-read', facts };
}

export async function canExecuteFile(who: Identity, file: string, root = '/'): Promise<AccessResult> {
  const search = await checkSearchPath(root, who, file);
  if (!search.ok) return search;
  const facts = await factsOf(root, file);
  if (!facts) return { ok: false, blockedAt: file, reason: 'missing' };
  if (facts.isDirectory) return { ok: false, blockedAt: file, reason: 'no-exec', facts };
  return permits(who, facts, 'x') ? { ok: true } : { ok: false, blockedAt: file, reason: 'no-exec', facts };
}
