/**
 * The plan applier: the one place where wizard and doctor plans touch the system. Every write is
 * atomic (write-file-atomic), every file changed or removed is copied to a timestamped backup dir
 * first, and an operation whose target already matches is skipped and not recorded, so applying
 * the same plan twice changes nothing the second time. The manifest it returns is enough for
 * `reverseManifest` to undo the run exactly.
 */
import { execFile } from 'node:child_process';
import { constants as fsConstants, type Stats } from 'node:fs';
import { chmod, chown, copyFile, lstat, mkdir, readFile, readlink, rmdir, symlink, unlink } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { UserError } from '../errors.js';
import type { Manifest, ManifestEntry, Plan, PlanOperation } from './types.js';
import { readAccounts, resolveOwner, type Accounts } from '../system/users.js';
import { formatMode, isWorldWritable, mapToRoot } from '../system/paths.js';

export interface ApplyOptions {
  /** Treat this dir as `/` (default `/`). */
  root?: string;
  /** Where backups go (default `<root>/var/backups/svwiz`); each run gets a timestamped subdir. */
  backupDir?: string;
  /** Compute the manifest without changing anything. */
  dryRun?: boolean;
  /**
   * Run `exec` operations even under a `--root` other than `/`. Off by default: a command such as
   * `systemctl enable` would act on this machine, not on the tree under root.
   */
  execUnderRoot?: boolean;
}

interface ApplyContext {
  root: string;
  backupRunDir: string;
  dryRun: boolean;
  execUnderRoot: boolean;
  accounts?: Accounts;
  usedBackupNames: Set<string>;
}

export async function applyPlan(plan: Plan, options: ApplyOptions = {}): Promise<Manifest> {
  const root = path.resolve(options.root ?? '/');
  const appliedAt = new Date().toISOString();
  const backupBase = options.backupDir ? path.resolve(options.backupDir) : mapToRoot(root, '/var/backups/svwiz');
  const ctx: ApplyContext = {
    root,
    backupRunDir: path.join(backupBase, appliedAt.replace(/[:.]/g, '-')),
    dryRun: options.dryRun ?? false,
    execUnderRoot: options.execUnderRoot ?? false,
    usedBackupNames: new Set(),
  };
  for (const op of plan.operations) assertSafeMode(op);
  const entries: ManifestEntry[] = [];
  for (const op of plan.operations) entries.push(...(await applyOperation(op, ctx)));
  return { title: plan.title, appliedAt, root, entries };
}

function assertSafeMode(op: PlanOperation): void {
  if ((op.kind === 'write' || op.kind === 'mkdir' || op.kind === 'chmod') && op.mode !== undefined && isWorldWritable(op.mode)) {
    throw new UserError(`refusing to set mode ${formatMode(op.mode)} on ${op.path}: world-writable modes are never needed; give the owner access instead`);
  }
}

async function statOrUndefined(file: string): Promise<Stats | undefined> {
  try {
    return await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function ownerIds(ctx: ApplyContext, owner: string): Promise<{ uid: number; gid: number }> {
  ctx.accounts ??= await readAccounts(ctx.root);
  return resolveOwner(ctx.accounts, owner);
}

function previousOf(st: Stats): Pick<ManifestEntry, 'previousMode' | 'previousOwner'> {
  return { previousMode: st.mode & 0o7777, previousOwner: { uid: st.uid, gid: st.gid } };
}

/** Copy a file (or a symlink as a symlink) into this run's backup dir, keeping its path and mode. */
async function backup(ctx: ApplyContext, target: string, targetPath: string, st: Stats): Promise<string> {
  let name = path.join(ctx.backupRunDir, path.resolve('/', targetPath));
  for (let n = 1; ctx.usedBackupNames.has(name); n++) name = `${path.join(ctx.backupRunDir, path.resolve('/', targetPath))}.${n}`;
  ctx.usedBackupNames.add(name);
  if (ctx.dryRun) return name;
  await mkdir(path.dirname(name), { recursive: true, mode: 0o700 });
  await chmod(ctx.backupRunDir, 0o700).catch(() => undefined);
  if (st.isSymbolicLink()) await symlink(await readlink(target), name);
  else {
    await copyFile(target, name, fsConstants.COPYFILE_EXCL);
    await chmod(name, st.mode & 0o7777);
  }
  return name;
}

/** mkdir -p for the parents of `targetPath`, one manifest entry per dir created (so reverse removes them). */
async function ensureParents(ctx: ApplyContext, targetPath: string): Promise<ManifestEntry[]> {
  const missing: string[] = [];
  for (let dir = path.dirname(path.resolve('/', targetPath)); dir !== '/'; dir = path.dirname(dir)) {
    if (await statOrUndefined(mapToRoot(ctx.root, dir))) break;
    missing.unshift(dir);
  }
  const entries: ManifestEntry[] = [];
  for (const dir of missing) {
    if (!ctx.dryRun) await mkdir(mapToRoot(ctx.root, dir), { mode: 0o755 });
    entries.push({ operation: { kind: 'mkdir', path: dir, mode: 0o755, reason: `parent directory of ${targetPath}` }, created: true });
  }
  return entries;
}

async function applyOperation(op: PlanOperation, ctx: ApplyContext): Promise<ManifestEntry[]> {
  switch (op.kind) {
    case 'write':
      return applyWrite(op, ctx);
    case 'mkdir':
      return applyMkdir(op, ctx);
    case 'chmod': {
      const target = mapToRoot(ctx.root, op.path);
      const st = await statOrUndefined(target);
      if (!st && !ctx.dryRun) throw new UserError(`cannot chmod ${op.path}: it does not exist`);
      if (st && (st.mode & 0o7777) === op.mode) return [];
      if (!ctx.dryRun) await chmod(target, op.mode);
      return [{ operation: op, ...(st ? previousOf(st) : {}) }];
    }
    case 'chown': {
      const target = mapToRoot(ctx.root, op.path);
      const st = await statOrUndefined(target);
      if (!st && !ctx.dryRun) throw new UserError(`cannot chown ${op.path}: it does not exist`);
      const ids = await ownerIds(ctx, op.owner);
      if (st && st.uid === ids.uid && st.gid === ids.gid) return [];
      if (!ctx.dryRun) await chown(target, ids.uid, ids.gid);
      return [{ operation: op, ...(st ? previousOf(st) : {}) }];
    }
    case 'unlink':
      return applyUnlink(op, ctx);
    case 'symlink':
      return applySymlink(op, ctx);
    case 'exec':
      return applyExec(op, ctx);
  }
}

async function applyWrite(op: Extract<PlanOperation, { kind: 'write' }>, ctx: ApplyContext): Promise<ManifestEntry[]> {
  const target = mapToRoot(ctx.root, op.path);
  const st = await statOrUndefined(target);
  const ids = op.owner ? await ownerIds(ctx, op.owner) : undefined;
  if (st?.isDirectory()) throw new UserError(`cannot write ${op.path}: it is a directory`);
  if (st?.isFile()) {
    const same =
      (await readFile(target, 'utf8')) === op.content &&
      (op.mode === undefined || (st.mode & 0o7777) === op.mode) &&
      (!ids || (st.uid === ids.uid && st.gid === ids.gid));
    if (same) return [];
  }
  const entries = st ? [] : await ensureParents(ctx, op.path);
  const entry: ManifestEntry = { operation: op };
  if (st) {
    entry.backup = await backup(ctx, target, op.path, st);
    Object.assign(entry, previousOf(st));
  } else entry.created = true;
  if (!ctx.dryRun) {
    // A symlink is replaced by a regular file (write-file-atomic would follow it and write its target).
    if (st?.isSymbolicLink()) await unlink(target);
    const mode = op.mode ?? (st?.isFile() ? st.mode & 0o7777 : 0o644);
    const keepOwner = st?.isFile() ? { uid: st.uid, gid: st.gid } : undefined;
    await writeFileAtomic(target, op.content, { mode, chown: ids ?? keepOwner });
    // write-file-atomic applies the mode through the umask on creation; make it exact.
    await chmod(target, mode);
  }
  entries.push(entry);
  return entries;
}

async function applyMkdir(op: Extract<PlanOperation, { kind: 'mkdir' }>, ctx: ApplyContext): Promise<ManifestEntry[]> {
  const target = mapToRoot(ctx.root, op.path);
  const st = await statOrUndefined(target);
  const ids = op.owner ? await ownerIds(ctx, op.owner) : undefined;
  if (st && !st.isDirectory()) throw new UserError(`cannot create directory ${op.path}: a file of that name exists`);
  if (st) {
    const modeOk = op.mode === undefined || (st.mode & 0o7777) === op.mode;
    const ownerOk = !ids || (st.uid === ids.uid && st.gid === ids.gid);
    if (modeOk && ownerOk) return [];
    if (!ctx.dryRun) {
      if (!modeOk) await chmod(target, op.mode!);
      if (!ownerOk) await chown(target, ids!.uid, ids!.gid);
    }
    return [{ operation: op, ...previousOf(st) }];
  }
  const entries = await ensureParents(ctx, op.path);
  if (!ctx.dryRun) {
    await mkdir(target);
    await chmod(target, op.mode ?? 0o755);
    if (ids) await chown(target, ids.uid, ids.gid);
  }
  entries.push({ operation: op, created: true });
  return entries;
}

async function applyUnlink(op: Extract<PlanOperation, { kind: 'unlink' }>, ctx: ApplyContext): Promise<ManifestEntry[]> {
  const target = mapToRoot(ctx.root, op.path);
  const st = await statOrUndefined(target);
  if (!st) return [];
  const entry: ManifestEntry = { operation: op, ...previousOf(st) };
  if (st.isDirectory()) {
    // Only empty dirs (the ones a plan created); a tree is never removed wholesale.
    if (!ctx.dryRun) await rmdir(target);
    return [entry];
  }
  // Sockets and fifos cannot be backed up; they are recreated by whoever listens on them.
  if (st.isFile() || st.isSymbolicLink()) entry.backup = await backup(ctx, target, op.path, st);
  if (!ctx.dryRun) await unlink(target);
  return [entry];
}

async function applySymlink(op: Extract<PlanOperation, { kind: 'symlink' }>, ctx: ApplyContext): Promise<ManifestEntry[]> {
  const target = mapToRoot(ctx.root, op.path);
  const st = await statOrUndefined(target);
  if (st?.isSymbolicLink() && (await readlink(target)) === op.target) return [];
  if (st?.isDirectory()) throw new UserError(`cannot create symlink ${op.path}: a directory of that name exists`);
  const entries = st ? [] : await ensureParents(ctx, op.path);
  const entry: ManifestEntry = { operation: op };
  if (st) {
    entry.backup = await backup(ctx, target, op.path, st);
    Object.assign(entry, previousOf(st));
    if (!ctx.dryRun) await unlink(target);
  } else entry.created = true;
  if (!ctx.dryRun) await symlink(op.target, target);
  entries.push(entry);
  return entries;
}

async function applyExec(op: Extract<PlanOperation, { kind: 'exec' }>, ctx: ApplyContext): Promise<ManifestEntry[]> {
  if (op.argv.length === 0) throw new UserError(`empty command in plan step: ${op.reason}`);
  if (ctx.dryRun) return [{ operation: op }];
  if (ctx.root !== '/' && !ctx.execUnderRoot) return [];
  await runCommand(op.argv);
  return [{ operation: op }];
}

export function runCommand(argv: string[], timeoutMs = 60000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(argv[0]!, argv.slice(1), { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const detail = (stderr || stdout || error.message).toString().trim().split('\n').slice(-5).join('\n');
        reject(new UserError(`command failed: ${argv.join(' ')}\n${detail}`));
      } else resolve(stdout.toString());
    });
  });
}
