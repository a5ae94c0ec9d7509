/**
 * The daemon's alert sender (issue 17): `alert(kind, process, message)` throttles per process
 * (alert-throttle.ts) and delivers to every configured channel. Delivery failures are logged and
 * never thrown: an alert must not take the daemon down. Health checks call alert() too.
 */
import { hostname } from 'node:os';
import type { AlertsConfig } from '../../config/types.js';
import type { MainLog } from '../main-log.js';
import { DELIVERY_TIMEOUT_MS, postWebhook, sendMail, webhookDisplay } from './alert-delivery.js';
import { alertBody, alertMail, alertMailParts, type AlertInput, type AlertKind } from './alert-message.js';
import { sendSmtp, smtpDisplay } from './smtp-delivery.js';
import { onEscalation, onFailure, onRecovery, onWindowEnd, quietState, type ThrottleDecision, type ThrottleState } from './alert-throttle.js';

/** Kinds that are never held back (see onEscalation). */
const ESCALATIONS: readonly AlertKind[] = ['fatal'];

interface ProcessAlerts {
  state: ThrottleState;
  timer?: NodeJS.Timeout;
  lastKind: AlertKind;
}

export class Alerter {
  private readonly perProcess = new Map<string, ProcessAlerts>();
  private readonly pending = new Set<Promise<void>>();
  private disposed = false;

  constructor(
    private readonly config: AlertsConfig | undefined,
    private readonly log: MainLog,
    private readonly identifier: string,
  ) {}

  get enabled(): boolean {
    return !!this.config && (!!this.config.webhookUrl || !!this.config.sendmailPath || !!this.config.smtpUrl);
  }

  /** One event for `process` (`group:name`); `recovery` ends an incident, `fatal` is sent at once, any other kind is a throttled failure. */
  alert(kind: AlertKind, process: string, message: string): void {
    if (!this.enabled || this.disposed) return;
    const entry = this.perProcess.get(process) ?? { state: quietState(), lastKind: kind };
    this.perProcess.set(process, entry);
    if (kind === 'recovery') {
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = undefined;
      this.deliver({ kind, process, message }, onRecovery(entry.state));
      return;
    }
    entry.lastKind = kind;
    const decision = ESCALATIONS.includes(kind) ? onEscalation(entry.state, Date.now()) : onFailure(entry.state, message, Date.now());
    this.deliver({ kind, process, message }, decision);
    if (decision.send) this.armWindow(process, entry);
  }

  /** Whether `process` has an open incident (a recovery is worth sending). */
  hasIncident(process: string): boolean {
    return this.perProcess.get(process)?.state.windowStart !== undefined;
  }

  private armWindow(process: string, entry: ProcessAlerts): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      const decision = onWindowEnd(entry.state, Date.now());
      if (!decision.send) return;
      this.deliver({ kind: entry.lastKind, process, message: entry.state.lastHeld ?? '' }, decision);
      this.armWindow(process, entry);
    }, this.config!.throttleSeconds * 1000);
    entry.timer.unref();
  }

  private deliver(input: AlertInput, decision: ThrottleDecision): void {
    if (!decision.send) return;
    const config = this.config!;
    const body = alertBody({ ...input, summaryOf: decision.summaryOf, endsFailures: decision.endsFailures }, { hostname: hostname(), identifier: this.identifier }, new Date());
    this.log.info(`alert: ${body.text}`);
    if (config.webhookUrl) this.track(postWebhook(config.webhookUrl, body), `webhook ${webhookDisplay(config.webhookUrl)}`);
    if (config.sendmailPath) this.track(sendMail(config.sendmailPath, alertMail(body, config.mailTo, config.mailFrom)), `mail via ${config.sendmailPath}`);
    if (config.smtpUrl) {
      // An SMTP server, unlike sendmail, does not fill in a missing From.
      const from = config.mailFrom ?? `svwiz@${hostname()}`;
      this.track(sendSmtp(config.smtpUrl, alertMailParts(body, config.mailTo, from), DELIVERY_TIMEOUT_MS), `mail via ${smtpDisplay(config.smtpUrl)}`);
    }
  }

  private track(delivery: Promise<void>, channel: string): void {
    const settled = delivery.catch((error: Error) => this.log.warn(`alert could not be sent by ${channel}: ${error.message}`)).finally(() => this.pending.delete(settled));
    this.pending.add(settled);
  }

  /** Wait for deliveries under way (at shutdown, so the last alert is not cut off). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  dispose(): void {
    this.disposed = true;
    for (const entry of this.perProcess.values()) if (entry.timer) clearTimeout(entry.timer);
    this.perProcess.clear();
  }
}
