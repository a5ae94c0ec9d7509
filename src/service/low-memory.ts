/**
 * Low-memory mode for small boards (#16): svwizd runs with V8's young generation ("nursery") held
 * to 1 MB. Measured beside supervisord (docs/benchmark.md): daemon RSS with 100 programs 63.6 →
 * 59.0 MB, and after 50 clients polling getAllProcessInfo the nursery no longer grows to 32 MB
 * and stays there (102 → 75 MB with 2 MB); log-capture CPU per MB unchanged. The cost is more
 * frequent (smaller) garbage collections under allocation-heavy RPC load. The flag must be on
 * node's command line (V8 sizes the heap before any code runs), so the boot service carries it.
 */
export const LOW_MEMORY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];

/** Boards at or below this much memory get the mode by default (a Pi Zero 2 W or Pi 3 has 512 MB–1 GB). */
export const LOW_MEMORY_DEFAULT_BYTES = 1024 * 1024 * 1024;

/** The node flags a svwizd service runs with: none for Python supervisord, or a daemon not run through node. */
export function serviceNodeFlags(spec: { backend: string; daemon: { script: string | null }; lowMemory?: boolean }): readonly string[] {
  return spec.lowMemory && spec.backend === 'svwizd' && spec.daemon.script ? LOW_MEMORY_NODE_FLAGS : [];
}
