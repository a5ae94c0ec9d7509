/**
 * The programs the scenarios run, as argv lists. The announcing ones report their pid through a
 * FIFO the harness reads, so a restart is seen the moment the new child runs, without anyone
 * asking the daemon.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** An idle program: `sleep` never wakes, so its cost is the daemon's alone. */
export function sleeperArgv(): string[] {
  return ['/bin/sleep', '1000000'];
}

/** Announces its pid on `fifo`, then becomes `sleep` (same pid, so a SIGKILL hits the program itself). */
export function announcingSleeperArgv(fifo: string): string[] {
  return ['/bin/sh', '-c', `echo $$ > ${fifo}; exec /bin/sleep 1000000`];
}

/** Announces its pid, then exits 1 at once: the crash loop. */
export function announcingCrasherArgv(fifo: string): string[] {
  return ['/bin/sh', '-c', `echo $$ > ${fifo}; exit 1`];
}

/** Announces its pid, then exits 0 at once: a queue worker that did its one job (`--once`). */
export function announcingWorkerArgv(fifo: string): string[] {
  return ['/bin/sh', '-c', `echo $$ > ${fifo}; exit 0`];
}

const FIFO_READER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fifo-reader.js');

/** Reads `fifo` as svwizd reads a child's output and writes it to `outFile`, nothing else (bench/fifo-reader.ts). */
export function fifoReaderArgv(fifo: string, outFile: string): string[] {
  return [process.execPath, FIFO_READER_SCRIPT, fifo, outFile];
}

export const LOG_WRITER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'log-writer.js');

/** Writes `totalBytes` of numbered lines to stdout as fast as it can, stamping its start and end in `stampFile`. */
export function logWriterArgv(totalBytes: number, lineBytes: number, writeBytes: number, stampFile: string): string[] {
  return [process.execPath, LOG_WRITER_SCRIPT, String(totalBytes), String(lineBytes), String(writeBytes), stampFile];
}
