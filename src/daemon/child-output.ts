/**
 * One output channel of a child (its stdout or stderr) as the chunks the daemon reads from it,
 * handed to consumers in order. A chunk is **lent**: it is valid only during the consumer's call
 * (the next read overwrites it), so a consumer that keeps bytes (events, the listener protocol)
 * copies them, and one that only writes them to a file does not.
 *
 * Why lent (issue 18): a real pipe is read with `net.Socket`'s `onread` into one static buffer
 * shared by every pipe of the daemon. Node's default read path allocates a 64 KiB buffer per
 * read, zero-fills it and hands it to the stream machinery (push, 'data'); that was ~a third of
 * the daemon's user CPU per captured byte. One shared buffer is safe because libuv reads a
 * stream and calls back synchronously, one stream at a time, on the one JS thread.
 */
import { Socket, type OnReadOpts, type SocketConstructorOpts } from 'node:net';
import type { Readable } from 'node:stream';

/** As large as a pipe's default capacity, so one read can empty a full pipe. */
const READ_BUFFER_BYTES = 64 * 1024;
let sharedReadBuffer: Buffer | undefined;

export type ChunkConsumer = (chunk: Buffer) => void;

export class ChildOutput {
  private readonly consumers: ChunkConsumer[] = [];
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  private constructor(private readonly stream: Readable) {
    stream.on('error', () => {});
    stream.once('close', () => {
      this.closed = true;
      for (const listener of this.closeListeners.splice(0)) listener();
    });
  }

  /** The daemon's (non-blocking) read end of a pipe, read into the shared buffer. */
  static ofPipe(readFd: number): ChildOutput {
    sharedReadBuffer ??= Buffer.allocUnsafeSlow(READ_BUFFER_BYTES);
    let output: ChildOutput | undefined;
    // @types/node lists `onread` for connect() only; Node 20's constructor takes it too.
    const options: SocketConstructorOpts & { onread: OnReadOpts } = {
      fd: readFd,
      readable: true,
      writable: false,
      onread: {
        buffer: sharedReadBuffer,
        // true: keep reading (false would pause the socket).
        callback: (bytes: number, buffer: Uint8Array) => {
          output?.deliver((buffer as Buffer).subarray(0, bytes));
          return true;
        },
      },
    };
    output = new ChildOutput(new Socket(options));
    return output;
  }

  /** Node's own stdio stream (the socketpair fallback): its chunks are the consumers' to keep anyway. */
  static ofStream(stream: Readable): ChildOutput {
    const output = new ChildOutput(stream);
    stream.on('data', (chunk: Buffer) => output.deliver(chunk));
    return output;
  }

  private deliver(chunk: Buffer): void {
    for (const consumer of this.consumers) consumer(chunk);
  }

  /** Every chunk from now on, in order; copy what you keep beyond the call. */
  onChunk(consumer: ChunkConsumer): void {
    this.consumers.push(consumer);
  }

  /** Once the pipe is read to its end (every writer closed it) or destroyed; at once if it already is. */
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  destroy(): void {
    this.stream.destroy();
  }
}
