/**
 * When svwizd (or svwiz init) cannot start the supervisor, the doctor's preflight checks
 * (socket, port, log permissions, pidfile, config) run against the same config and their
 * findings are printed under the error: "another program is listening" comes with who holds
 * the port and the command that fixes it.
 */

/** Best effort and bounded: the start error itself has already been reported. */
export async function explainStartFailure(configFile: string, write: (text: string) => void): Promise<void> {
  try {
    // Loaded only on failure: a normal start never pays for the doctor's modules.
    const { runPreflight } = await import('./preflight.js');
    const { lines } = await runPreflight({ configFile, checkTimeoutMs: 5000, rpcTimeoutMs: 1000 });
    if (lines.length === 0) return;
    write(`svwiz doctor (preflight) found:\n${lines.map((line) => `  ${line}`).join('\n')}\n`);
  } catch (error) {
    write(`(the preflight checks could not run: ${(error as Error).message})\n`);
  }
}
