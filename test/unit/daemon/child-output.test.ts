/**
 * Children's output read into one shared, lent buffer (child-output.ts, issue 18), with real
 * FIFO pipes from OutputPipes, real writer processes and real log files in a temp dir: bytes of
 * several pipes read at once never mix, stay in order across rotation at the same boundaries, are
 * all in the file when the pipe reports closed, and consumers that keep bytes (events) get copies.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { ChildOutput } from '../../../src/daemon/child-output.js';
import { MainLog } from '../../../src/daemon/main-log.js';
import { OutputPipes } from '../../../src/daemon/output-pipes.js';
import { ProcessLogChannels, type OutputEventOptions } from '../../../src/daemon/process-log-channels.js';
import { rotatedFilesInOrder } from '../../../bench/scenarios/log-capture.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dir = makeTempDir('svw-chout');
const tmpdir = path.join(dir, 'tmp');
mkdirSync(tmpdir);
const pipes = new OutputPipes((message) => assert.fail(message), tmpdir);
after(() => {
  pipes.dispose();
  removeTempDir(dir);
});

/** What the writer below prints: `PREFIX NNNNNNNN\n` lines, LINES of them. */
function expectedOutput(prefix: string, lines: number): Buffer {
  let text = '';
  for (let i = 0; i < lines; i++) text += `${prefix} ${String(i).padStart(8, '0')}\n`;
  return Buffer.from(text);
}

// Block-buffered like a C program: ~4 KiB writes, blocking on a full pipe.
const WRITER = `const [prefix, lines] = process.argv.slice(1); let out = '';
for (let i = 0; i < Number(lines); i++) {
  out += prefix + ' ' + String(i).padStart(8, '0') + '\\n';
  if (out.length >= 4000) { require('fs').writeSync(1, out); out = ''; }
}
if (out) require('fs').writeSync(1, out);`;

/** A writer child on a fresh real pipe; resolves with its output once the pipe is closed. */
function startWriter(prefix: string, lines: number): ChildOutput {
  const pipe = pipes.take();
  assert.ok(pipe, 'FIFOs can be made');
  const child = spawn(process.execPath, ['-e', WRITER, prefix, String(lines)], { stdio: ['ignore', pipe.writeFd, 'inherit'] });
  closeSync(pipe.writeFd);
  child.on('error', (error) => assert.fail(error));
  return pipe.reader;
}

function closed(output: ChildOutput): Promise<void> {
  return new Promise((resolve) => output.onClose(resolve));
}

function quietLog(): MainLog {
  const log = new MainLog({ file: path.join(dir, `main-${Math.random().toString(36).slice(2)}.log`), maxBytes: 0, backups: 0, level: 'info', mirrorToStdout: false });
  log.open();
  return log;
}

function channels(name: string, maxBytes: number, backups: number, events?: OutputEventOptions): ProcessLogChannels {
  const logs = new ProcessLogChannels(
    name,
    { stdout: { path: path.join(dir, `${name}.log`), policy: { maxBytes, backups } }, stderr: { path: null, policy: { maxBytes: 0, backups: 0 } } },
    quietLog(),
    false,
    events,
  );
  logs.open();
  return logs;
}

function rotatedContent(name: string): { files: string[]; sizes: number[]; bytes: Buffer } {
  const files = rotatedFilesInOrder(readdirSync(dir), `${name}.log`);
  const parts = files.map((file) => readFileSync(path.join(dir, file)));
  return { files, sizes: parts.map((part) => part.length), bytes: Buffer.concat(parts) };
}

test('three pipes read at once through the shared buffer: each file gets exactly its own bytes, in order, across rotation', async () => {
  const lines = 40_000; // 680 KB each: many reads of each pipe interleave
  const names = ['alpha', 'bravo', 'charl'];
  const maxBytes = 64 * 1024;
  const outputs = names.map((name) => {
    const logs = channels(name, maxBytes, 20);
    const output = startWriter(name, lines);
    logs.attach(output, 'stdout');
    return output;
  });
  await Promise.all(outputs.map(closed));
  for (const name of names) {
    const { files, sizes, bytes } = rotatedContent(name);
    assert.ok(bytes.equals(expectedOutput(name, lines)), `${name}: the rotated files hold the writer's bytes exactly`);
    assert.ok(files.length > 5, `${name} rotated (${files.length} files)`);
    // Supervisor's boundary: a file rotates after the write that reaches maxbytes, so every
    // backup is at least maxbytes and exceeds it by less than one read (≤ a pipe's 64 KiB).
    for (const size of sizes.slice(0, -1)) assert.ok(size >= maxBytes && size < maxBytes + 64 * 1024, `backup of ${size} bytes`);
  }
});

test('when the pipe reports closed, the file already holds every byte (writes are synchronous)', async () => {
  const lines = 20_000;
  const logs = channels('flush', 0, 0);
  const output = startWriter('flush', lines);
  logs.attach(output, 'stdout');
  const sizeAtClose = await new Promise<number>((resolve) => output.onClose(() => resolve(statSync(path.join(dir, 'flush.log')).size)));
  assert.equal(sizeAtClose, expectedOutput('flush', lines).length);
});

test('a consumer that keeps chunks (PROCESS_LOG events) gets copies the next read cannot overwrite', async () => {
  const lines = 20_000;
  const kept: Buffer[] = [];
  const events: OutputEventOptions = {
    logEvents: { stdout: true, stderr: false },
    captureMaxBytes: { stdout: 0, stderr: 0 },
    listenerStdout: false,
    emit: (_kind, _channel, _pid, data) => kept.push(data),
  };
  const logs = channels('events', 0, 0, events);
  const output = startWriter('events', lines);
  logs.attach(output, 'stdout', 42);
  await closed(output);
  assert.ok(kept.length > 1, 'several reads');
  assert.ok(Buffer.concat(kept).equals(expectedOutput('events', lines)));
  assert.ok(readFileSync(path.join(dir, 'events.log')).equals(expectedOutput('events', lines)));
});

test('pipe chunks are lent views of one read buffer shared by all pipes, not fresh allocations', async () => {
  const seen = new Set<ArrayBufferLike>();
  const outputs = [startWriter('lent1', 5_000), startWriter('lent2', 5_000)];
  for (const output of outputs) output.onChunk((chunk) => seen.add(chunk.buffer));
  await Promise.all(outputs.map(closed));
  assert.equal(seen.size, 1);
});

test("Node's own stdio streams (the socketpair fallback) feed the same interface; onClose after the close fires at once", async () => {
  const stream = new PassThrough();
  const output = ChildOutput.ofStream(stream);
  const chunks: string[] = [];
  output.onChunk((chunk) => chunks.push(chunk.toString()));
  stream.write('one ');
  stream.end('two');
  await closed(output);
  assert.equal(chunks.join(''), 'one two');
  assert.equal(output.isClosed, true);
  let late = false;
  output.onClose(() => (late = true));
  assert.equal(late, true);
});
