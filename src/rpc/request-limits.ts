/**
 * What one XML-RPC request may cost the daemon, so that a hostile or careless client cannot take
 * the memory of a small board (issue 12): a body-size limit checked against Content-Length before
 * anything is buffered (the codec's DEFAULT_REQUEST_LIMITS, 1 MiB), a time limit for the body to
 * arrive, and a small number of permits for buffering and parsing *large* bodies at once. Small bodies (every call supervisorctl, Ansible or
 * the web UI makes) never wait for a permit, so getState is answered while a big request is parsed.
 */

/** Bodies up to this size are read and parsed at once; larger ones need a permit. */
export const SMALL_BODY_BYTES = 64 * 1024;

/** Large bodies buffered or parsed at the same time (each can cost ~40 MB while parsed). */
export const LARGE_BODY_PERMITS = 2;

/** Large requests that may wait for a permit; beyond that the answer is 503 at once. */
export const LARGE_BODY_QUEUE = 16;

/** A body must have arrived this long after its headers (slow uploads hold a connection and a buffer). */
export const BODY_TIMEOUT_MS = 30_000;

/** Release one permit; calling it twice is harmless. */
export type ReleasePermit = () => void;

/** A counting semaphore with a bounded queue, FIFO. */
export class PermitPool {
  private inUse = 0;
  private readonly waiting: ((release: ReleasePermit) => void)[] = [];

  constructor(
    readonly permits: number,
    readonly maxWaiting: number,
  ) {}

  /** A permit (now or once one is free), or undefined when the queue is already full. */
  acquire(): Promise<ReleasePermit> | undefined {
    if (this.inUse < this.permits) {
      this.inUse += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.maxWaiting) return undefined;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  get busy(): number {
    return this.inUse;
  }

  private releaser(): ReleasePermit {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(this.releaser());
      else this.inUse -= 1;
    };
  }
}
