/**
 * TICK_5 / TICK_60 / TICK_3600: one event per period each time wall-clock time crosses a
 * multiple of the period, `when:` being that boundary (Supervisor's timeslice). Supervisor
 * checks on every turn of its 1 s loop; we keep a timer to the next boundary only while some
 * pool subscribes to a tick, so a daemon without tick listeners has no timer at all.
 */
import type { EventBus } from './event-bus.js';
import { tickPayload } from './event-types.js';

const PERIODS = [
  { period: 5, name: 'TICK_5' },
  { period: 60, name: 'TICK_60' },
  { period: 3600, name: 'TICK_3600' },
] as const;

export function timeslice(period: number, when: number): number {
  return Math.floor(when - (when % period));
}

/** Seconds from `now` to the next boundary of any wanted period (pure, for the timer and tests). */
export function secondsToNextTick(now: number, periods: readonly number[]): number {
  return Math.min(...periods.map((period) => timeslice(period, now) + period - now));
}

export class TickClock {
  private timer: NodeJS.Timeout | undefined;
  private readonly lastTick = new Map<number, number>();
  private readonly unlisten: () => void;

  constructor(
    private readonly bus: EventBus,
    private readonly clock: () => number = () => Date.now() / 1000,
  ) {
    this.unlisten = bus.onSubscriptionsChanged(() => this.update());
    this.update();
  }

  /** Whether a tick timer is pending (none unless some pool subscribes to a tick). */
  get armed(): boolean {
    return this.timer !== undefined;
  }

  private wantedPeriods(): number[] {
    return PERIODS.filter(({ name }) => this.bus.wants(name)).map(({ period }) => period);
  }

  /** Start or stop the timer after the subscriptions changed. */
  private update(): void {
    const wanted = this.wantedPeriods();
    if (wanted.length === 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    else {
      // Counting starts now, as Supervisor's does at start-up: the first tick is the next boundary.
      const now = this.clock();
      for (const { period } of PERIODS) this.lastTick.set(period, timeslice(period, now));
    }
    this.arm();
  }

  private arm(): void {
    const wanted = this.wantedPeriods();
    if (wanted.length === 0) return;
    // +5 ms so the timer lands after the boundary even if the clocks disagree by a millisecond.
    const wait = Math.ceil(secondsToNextTick(this.clock(), wanted) * 1000) + 5;
    this.timer = setTimeout(() => this.fire(), wait);
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    const now = this.clock();
    for (const { period, name } of PERIODS) {
      const thisTick = timeslice(period, now);
      if (thisTick === this.lastTick.get(period)) continue;
      this.lastTick.set(period, thisTick);
      if (this.bus.wants(name)) this.bus.notify({ name, payload: tickPayload(thisTick) });
    }
    if (!this.timer) this.arm();
  }

  dispose(): void {
    this.unlisten();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
