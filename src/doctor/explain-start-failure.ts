/**
 * When svwizd (or svwiz init) cannot start the supervisor, the doctor's preflight checks
 * (socket, port, log permissions, pidfile, config) run against the same config and their
 * findings are printed under the error: "another program is listening" comes with who holds
 * the port and the command that fixes it.
 */

import type { Check } from './types.js';

/**
 * Best effort and bounded: the start error itself has already been reported. `loadRegistry`
 * yields the checks (the caller imports checks/index lazily, so a normal start never pays for them).
 */
export async function explainStartFailure(
  configFile: string,
  write: (text: string) => void,
  loadRegistry: () => Promise<readonly Check[]>,
): Promise<void> {
  try {
    // Loaded only on failure: a normal start never pays for the doctor's modules.
    const [{ runPreflight }, registry] = await Promise.all([import('./preflight.js'), loadRegistry()]);
    const { lines } = await runPreflight({ configFile, registry, checkTimeoutMs: 5000, rpcTimeoutMs: 1000 });
    if (lines.length === 0) return;
    write(`svwiz doctor (preflight) found:\n${lines.map((line) => `  ${line}`).join('\n')}\n`);
  } catch (error) {
    write(`(the preflight checks could not run: ${(error as Error).message})\n`);
  }
}
