/**
 * Low-memory mode for small boards (#16): svwizd runs with V8's young generation ("nursery") held
 * to 1 MB. Measured beside supervisord (docs/benchmark.md): daemon RSS with 100 programs 63.6 →
 * 59.0 MB, and after 50 clients polling getAllProcessInfo the nursery no longer grows to 32 MB
 * and stays there (102 → 75 MB with 2 MB); log-capture CPU per MB unchanged. The cost is more
 * frequent (smaller) garbage collections under allocation-heavy RPC load. The flag must be on
 * node's command line (V8 sizes the heap before any code runs), so the boot service carries it,
 * and an svwizd started by hand passes it to the detached copy it starts in daemon mode.
 */
import { UsageError, UserError } from '../errors.js';
import type { ResolvedProgram } from './types.js';

export const LOW_MEMORY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];

/** Boards at or below this much memory get the mode by default (a Pi Zero 2 W or Pi 3 has 512 MB–1 GB). */
const LOW_MEMORY_DEFAULT_BYTES = 1024 * 1024 * 1024;

/** Whether a machine with this much memory gets low-memory mode when nobody chose. */
export function lowMemoryByDefault(totalMemoryBytes: number): boolean {
  return totalMemoryBytes <= LOW_MEMORY_DEFAULT_BYTES;
}

/** A hand-started daemon's choice: `1` on, `0` off, unset = by the machine's memory. */
const LOW_MEMORY_ENV = 'SVWIZD_LOW_MEMORY';

/**
 * The node flags for the detached copy a daemonizing svwizd starts (it runs node afresh, so this
 * is the one moment a hand-started daemon can still size its heap). Nothing when node already
 * runs with a nursery size of the user's own (command line or NODE_OPTIONS): theirs wins.
 */
export function daemonChildNodeFlags(facts: { execArgv: readonly string[]; totalMemoryBytes: number; env: NodeJS.ProcessEnv }): readonly string[] {
  const choice = facts.env[LOW_MEMORY_ENV];
  if (choice !== undefined && choice !== '' && choice !== '0' && choice !== '1') {
    throw new UsageError(`${LOW_MEMORY_ENV}=${choice} is not valid: use 1 (low-memory mode on), 0 (off) or leave it unset (on with 1 GB of memory or less)`);
  }
  const on = choice === '1' || (choice !== '0' && lowMemoryByDefault(facts.totalMemoryBytes));
  const ownFlags = [...facts.execArgv, ...(facts.env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (!on || ownFlags.some((flag) => /^--max[-_]semi[-_]space[-_]size\b/.test(flag))) return [];
  return LOW_MEMORY_NODE_FLAGS;
}

/** How a service starts the daemon: BINARY NODE_FLAGS… SCRIPT -n -c CONFIG (script null: the binary alone). */
export interface DaemonLaunch {
  binary: string;
  nodeFlags: readonly string[];
  script: string | null;
}

type LaunchSpec = { backend: string; daemon: ResolvedProgram; lowMemory?: boolean };

/**
 * The one rule for what a boot service runs. Without low-memory mode: the resolved program as it
 * is (an installed svwizd by its bin). With it: node with the flags and the script, either this
 * checkout's script or, for an installed bin whose `#!` names node, the bin's real file — a `#!`
 * line cannot pass V8 flags, and NODE_OPTIONS would reach every program the daemon starts.
 */
export function daemonLaunch(spec: LaunchSpec): DaemonLaunch {
  const plain = { binary: spec.daemon.binary, nodeFlags: [], script: spec.daemon.script };
  if (!spec.lowMemory || spec.backend !== 'svwizd') return plain;
  if (spec.daemon.script) return { ...plain, nodeFlags: LOW_MEMORY_NODE_FLAGS };
  const node = spec.daemon.node;
  if (!node) return plain;
  // The SysV script splits $DAEMON_SCRIPT on blanks (a checkout with them is refused in resolve-binaries.ts).
  if (/\s/.test(node.script)) throw new UserError(`the svwiz install path contains whitespace (${node.script}); low-memory mode cannot pass node flags to it: reinstall svwiz elsewhere or pass --no-low-memory`);
  return { binary: node.binary, nodeFlags: LOW_MEMORY_NODE_FLAGS, script: node.script };
}

/** The daemon's command words before its own options: binary, node flags, script. */
export function daemonLaunchWords(spec: LaunchSpec): string[] {
  const launch = daemonLaunch(spec);
  return [launch.binary, ...launch.nodeFlags, ...(launch.script ? [launch.script] : [])];
}

/** Why low-memory mode asked for cannot reach the daemon (its bin is not run by node), or null. */
export function lowMemoryUnreachable(spec: LaunchSpec): string | null {
  if (!spec.lowMemory || spec.backend !== 'svwizd' || daemonLaunch(spec).nodeFlags.length) return null;
  return `low-memory mode is off for ${spec.daemon.binary}: its #! line does not name node, so node flags cannot be passed to it`;
}
