/**
 * The floor of S4 (run as a child, not imported): `node fifo-reader.js FIFO OUT_FILE` reads FIFO
 * with svwizd's own pipe reader (src/daemon/child-output.ts: a net.Socket over the non-blocking
 * read end, one shared 64 KiB buffer lent by `onread`) and writes each chunk to OUT_FILE with one
 * synchronous write(2), as the daemon's log does, then exits at EOF. Nothing else runs in it, so
 * its rate is what libuv's read path allows a Node daemon here; the gap to svwizd's rate is the
 * rest of svwizd (rotation, events, timers, RPC).
 */
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { ChildOutput } from '../src/daemon/child-output.js';

const [fifo, outFile] = process.argv.slice(2);
const out = openSync(outFile!, 'w');
const output = ChildOutput.ofPipe(openSync(fifo!, constants.O_RDONLY | constants.O_NONBLOCK));
output.onChunk((chunk) => {
  let offset = 0;
  while (offset < chunk.length) offset += writeSync(out, chunk, offset, chunk.length - offset);
});
output.onClose(() => {
  closeSync(out);
  process.exit(0);
});
