/**
 * Types for systeminformation's memory module loaded on its own: the package's index loads every
 * module (about 10 MB resident in the daemon), memory.js alone about 3 MB. Its functions are the
 * ones the package's index.d.ts declares as `mem()`.
 */
declare module 'systeminformation/lib/memory.js' {
  import type { Systeminformation } from 'systeminformation';
  export function mem(): Promise<Systeminformation.MemData>;
}
