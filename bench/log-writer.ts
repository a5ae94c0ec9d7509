/**
 * The chatty program of scenario S4 (run as a child of the daemon under test, not imported):
 * `node log-writer.js TOTAL_BYTES LINE_BYTES WRITE_BYTES STAMP_FILE` writes numbered lines to fd 1
 * as fast as it can, in blocking writes of about WRITE_BYTES (whole lines; 4096 is what a C or
 * Python program block-buffering its stdout into a pipe does), and records its start and end
 * (epoch ms) in STAMP_FILE.
 */
import { writeFileSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fillLines, lineCount } from './log-lines.js';

const [totalArg, lineArg, writeArg, stampFile] = process.argv.slice(2);
const lineBytes = Number(lineArg);
const total = lineCount(Number(totalArg), lineBytes);
const linesPerChunk = Math.max(1, Math.floor(Number(writeArg) / lineBytes));
const chunk = Buffer.alloc(linesPerChunk * lineBytes);
const now = (): number => performance.timeOrigin + performance.now();

function writeAll(buffer: Buffer): void {
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += writeSync(1, buffer, offset, buffer.length - offset);
    } catch (error) {
      // fd 1 may be non-blocking if the parent made it so; wait for room rather than drop data.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

const start = now();
for (let first = 0; first < total; first += linesPerChunk) {
  const count = Math.min(linesPerChunk, total - first);
  const bytes = fillLines(chunk, first, count, lineBytes);
  writeAll(chunk.subarray(0, bytes));
}
const end = now();
if (stampFile) writeFileSync(stampFile, JSON.stringify({ start, end, lines: total, lineBytes }));
