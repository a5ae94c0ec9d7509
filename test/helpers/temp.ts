/** Per-test temp dirs and polling waits, shared by every test layer. */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A fresh temp dir under /tmp with a short path (unix socket paths must stay under ~100 bytes). */
export function makeTempDir(prefix = 'svw'): string {
  return mkdtempSync(path.join(tmpdir(), `${prefix}-`));
}

/** A temp target tree for `--root` that knows this machine's users and groups (svwiz reads them from the image). */
export function makeTargetRoot(prefix: string): string {
  const root = makeTempDir(prefix);
  mkdirSync(path.join(root, 'etc'));
  copyFileSync('/etc/passwd', path.join(root, 'etc/passwd'));
  copyFileSync('/etc/group', path.join(root, 'etc/group'));
  return root;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Poll `probe` until it returns a truthy value or `timeoutMs` passes; throws with `what` on timeout. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { timeoutMs = 15000, intervalMs = 50 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await sleep(intervalMs);
  }
}
