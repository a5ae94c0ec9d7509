/**
 * The daemon's event bus: subscriptions in the order they were made, delivered synchronously
 * (Supervisor's events.notify). `wants(name)` is one Set lookup, so a daemon without listeners
 * builds no event at all on its normal path.
 */
import { concreteTypesOf, isEventOfType, type BusEvent } from './event-types.js';

export type EventCallback = (event: BusEvent) => void;

/**
 * Supervisor's global event serial lives in a module-wide singleton: it keeps counting across
 * a SIGHUP restart, so serials never repeat within one daemon process. Ours does the same.
 */
const globalSerial = { value: -1 };

export function nextGlobalSerial(): number {
  globalSerial.value = globalSerial.value >= Number.MAX_SAFE_INTEGER ? 0 : globalSerial.value + 1;
  return globalSerial.value;
}

export class EventBus {
  private readonly subscriptions: { type: string; callback: EventCallback }[] = [];
  private wanted = new Set<string>();
  private readonly changeListeners = new Set<() => void>();

  subscribe(type: string, callback: EventCallback): void {
    this.subscriptions.push({ type, callback });
    this.recompute();
  }

  unsubscribe(type: string, callback: EventCallback): void {
    const index = this.subscriptions.findIndex((entry) => entry.type === type && entry.callback === callback);
    if (index >= 0) this.subscriptions.splice(index, 1);
    this.recompute();
  }

  /** Is anyone subscribed to events of this concrete type? */
  wants(name: string): boolean {
    return this.wanted.has(name);
  }

  /**
   * Deliver to every matching subscription. A pool subscribed to both a type and its parent
   * (events=PROCESS_STATE,PROCESS_STATE_RUNNING) gets the event twice, as in Supervisor.
   */
  notify(event: BusEvent): void {
    if (!this.wanted.has(event.name)) return;
    for (const { type, callback } of [...this.subscriptions]) {
      if (isEventOfType(event.name, type)) callback(event);
    }
  }

  /** Called whenever the set of wanted types may have changed (the tick clock starts or stops on it). */
  onSubscriptionsChanged(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private recompute(): void {
    this.wanted = new Set(this.subscriptions.flatMap((entry) => concreteTypesOf(entry.type)));
    for (const listener of this.changeListeners) listener();
  }
}
