/**
 * An `[eventlistener:x]` group as Supervisor's EventListenerPool: a bounded buffer of the events
 * it subscribes to, serials per pool, and dispatch of the oldest event to the first listener
 * process that is RUNNING and READY. A rejected event (FAIL, a garbled answer, a listener that
 * died BUSY) goes back to the head of the buffer. Dispatch runs on a microtask after anything
 * that can make it possible (an event arrives, a listener says READY, a listener enters
 * RUNNING) instead of on Supervisor's once-a-second loop.
 */
import type { ChildOutput } from '../child-output.js';
import type { ProcessStateName } from '../../protocol/states.js';
import type { MainLog } from '../main-log.js';
import { nextGlobalSerial, type EventBus } from './event-bus.js';
import { eventEnvelope, type BusEvent } from './event-types.js';
import { ListenerProtocol, type ListenerEffect, type ListenerState } from './listener-protocol.js';

/** What the pool needs of one of its processes. */
export interface ListenerProcess {
  readonly name: string;
  readonly state: ProcessStateName;
  /** Throws an error with code EPIPE when the child's stdin is gone. */
  writeStdin(data: Buffer): void;
}

export interface PoolSettings {
  name: string;
  bufferSize: number;
  /** Subscribed event type names, as configured. */
  events: string[];
  /** `[supervisord] identifier`, sent as `server:` in every header. */
  identifier: string;
}

/** One run of a listener process: its protocol state and the event it has not answered yet. */
class ListenerRun {
  readonly protocol = new ListenerProtocol();
  event: BusEvent | null = null;
  constructor(readonly stdout: ChildOutput | null) {}
}

/** The protocol side of one listener process, across its runs. */
export class ListenerLink {
  private run: ListenerRun | null = null;

  constructor(
    readonly process: ListenerProcess,
    private readonly pool: EventListenerPool,
    private readonly log: MainLog,
  ) {}

  /** The current run's listener state (ACKNOWLEDGED before any run). */
  get state(): ListenerState {
    return this.run?.protocol.state ?? 'ACKNOWLEDGED';
  }

  /** The event the current run is handling, if any. */
  get event(): BusEvent | null {
    return this.run?.event ?? null;
  }

  /**
   * A new run: ACKNOWLEDGED until it says READY. The previous run keeps reading its own pipe
   * until it closes, so an answer it wrote just before exiting still counts (Supervisor drains
   * a dead child's pipes before handling its exit).
   */
  spawned(stdout: ChildOutput | null): void {
    const run = new ListenerRun(stdout);
    this.run = run;
    // The protocol keeps what it has not parsed yet, so it gets its own copy of the lent chunk.
    stdout?.onChunk((chunk) => this.apply(run, run.protocol.feed(Buffer.from(chunk))));
  }

  /** The current run ended: once its pipe is read to the end, an event it never answered goes back to the pool. */
  exited(stdout: ChildOutput | null): void {
    const run = this.run;
    if (!run || run.stdout !== stdout) return;
    if (!stdout) this.rejectInFlight(run);
    else stdout.onClose(() => this.rejectInFlight(run));
  }

  markBusy(event: BusEvent): void {
    this.run!.protocol.markBusy();
    this.run!.event = event;
  }

  private rejectInFlight(run: ListenerRun): void {
    const event = run.event;
    run.event = null;
    if (event) this.pool.rejected(event);
  }

  private apply(run: ListenerRun, effects: ListenerEffect[]): void {
    const name = this.process.name;
    let rejectOnChange = false;
    for (const effect of effects) {
      if (effect.kind === 'bad-result-line') {
        this.log.warn(`${name}: bad result line: '${effect.line}'`);
        rejectOnChange = true;
      } else if (effect.kind === 'result') {
        if (effect.accepted) this.log.debug(`${name}: event was processed`);
        else this.log.warn(`${name}: event was rejected`);
        rejectOnChange = !effect.accepted;
      } else {
        this.log.debug(`${name}: ${effect.from} -> ${effect.to}`);
        if (effect.to === 'UNKNOWN') {
          this.log.warn(
            `${name}: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol`,
          );
        }
        if (rejectOnChange) this.rejectInFlight(run);
        rejectOnChange = false;
        run.event = null;
        if (effect.to === 'READY' && run === this.run) this.pool.scheduleDispatch();
      }
    }
  }
}

export class EventListenerPool {
  readonly links: ListenerLink[] = [];
  private buffer: BusEvent[] = [];
  /** Events discarded because the buffer was full (issue 17, /metrics). */
  droppedEvents = 0;
  private serial = -1;
  private dispatchPending = false;
  private removed = false;
  private readonly accept = (event: BusEvent): void => {
    this.acceptEvent(event, false);
    this.scheduleDispatch();
  };

  constructor(
    readonly settings: PoolSettings,
    private readonly bus: EventBus,
    private readonly log: MainLog,
  ) {
    for (const type of settings.events) bus.subscribe(type, this.accept);
  }

  addListener(process: ListenerProcess): ListenerLink {
    const link = new ListenerLink(process, this, this.log);
    this.links.push(link);
    return link;
  }

  /** The group is removed: no more events (Supervisor's before_remove). */
  remove(): void {
    this.removed = true;
    for (const type of this.settings.events) this.bus.unsubscribe(type, this.accept);
  }

  /** Events waiting for a listener (oldest first); for status and tests. */
  get buffered(): readonly BusEvent[] {
    return this.buffer;
  }

  rejected(event: BusEvent): void {
    this.acceptEvent(event, true);
    this.scheduleDispatch();
  }

  scheduleDispatch(): void {
    if (this.dispatchPending || this.removed) return;
    this.dispatchPending = true;
    queueMicrotask(() => {
      this.dispatchPending = false;
      if (!this.removed && this.links.some((link) => link.process.state === 'RUNNING' && link.state === 'READY')) this.dispatch();
    });
  }

  private acceptEvent(event: BusEvent, head: boolean): void {
    const name = this.settings.name;
    event.serial ??= nextGlobalSerial();
    event.poolSerials ??= new Map();
    if (!event.poolSerials.has(name)) {
      this.serial = this.serial >= Number.MAX_SAFE_INTEGER ? 0 : this.serial + 1;
      event.poolSerials.set(name, this.serial);
    } else {
      this.log.debug(`rebuffering event ${event.serial} for pool ${name} (buf size=${this.buffer.length}, max=${this.settings.bufferSize})`);
    }
    if (this.buffer.length >= this.settings.bufferSize && this.buffer.length > 0) {
      const discarded = this.buffer.shift()!;
      this.droppedEvents += 1;
      this.log.error(`pool ${name} event buffer overflowed, discarding event ${discarded.serial}`);
    }
    if (head) this.buffer.unshift(event);
    else this.buffer.push(event);
  }

  private dispatch(): void {
    while (this.buffer.length > 0) {
      const event = this.buffer.shift()!;
      if (!this.dispatchEvent(event)) {
        // Nobody ready for it: back to the head, and stop for now.
        this.acceptEvent(event, true);
        break;
      }
    }
  }

  private dispatchEvent(event: BusEvent): boolean {
    const poolSerial = event.poolSerials!.get(this.settings.name)!;
    for (const link of this.links) {
      if (link.process.state !== 'RUNNING' || link.state !== 'READY') continue;
      const envelope = eventEnvelope(this.settings.identifier, event.serial!, this.settings.name, poolSerial, event.name, event.payload);
      try {
        link.process.writeStdin(Buffer.from(envelope));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
        this.log.debug(`epipe occurred while sending event ${event.serial} to listener ${link.process.name}, listener state unchanged`);
        continue;
      }
      link.markBusy(event);
      this.log.debug(`event ${event.serial} sent to listener ${link.process.name}`);
      return true;
    }
    return false;
  }
}
