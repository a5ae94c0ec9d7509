/**
 * `[alerts]`: where svwizd sends notifications (issue 17) — a webhook and/or mail through a local
 * sendmail. Supervisor 4.2.5 ignores a section it does not know (tested), so the same file still
 * runs under Python supervisord, without alerts.
 */
import type { ConfigReader } from './config-reader.js';
import type { AlertsConfig } from './types.js';
import { sectionSources } from './supervisord-section.js';
import { ConfigValueError, integer } from './datatypes.js';

export const ALERTS_SECTION = 'alerts';
export const ALERTS_KEYS = ['webhook_url', 'sendmail_path', 'mail_to', 'mail_from', 'alert_throttle'] as const;
export const DEFAULT_ALERT_THROTTLE_SECONDS = 300;


export function readAlertsSection(reader: ConfigReader): AlertsConfig | undefined {
  if (!reader.store.has(ALERTS_SECTION)) return undefined;
  const get = (key: string) => reader.get(ALERTS_SECTION, key, null)?.value?.trim() || null;
  const convert = <T>(key: string, fn: () => T): T => reader.guard(ALERTS_SECTION, key, fn);
  const webhookUrl = get('webhook_url');
  if (webhookUrl !== null) {
    convert('webhook_url', () => {
      let url: URL;
      try {
        url = new URL(webhookUrl);
      } catch {
        throw new ConfigValueError(`${JSON.stringify(webhookUrl)} is not a URL`, 'an http:// or https:// URL');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigValueError(`${url.protocol} URLs cannot be posted to`, 'an http:// or https:// URL');
    });
  }
  const sendmailPath = get('sendmail_path');
  const mailTo = (get('mail_to') ?? '').split(',').map((address) => address.trim()).filter(Boolean);
  if (sendmailPath !== null && mailTo.length === 0) {
    throw reader.error('sendmail_path is set but mail_to is empty (valid: mail_to = ops@example.com, other@example.com)', ALERTS_SECTION, 'sendmail_path');
  }
  if (mailTo.length > 0 && sendmailPath === null) {
    throw reader.error('mail_to is set but sendmail_path is not (valid: sendmail_path = /usr/sbin/sendmail)', ALERTS_SECTION, 'mail_to');
  }
  const throttleText = get('alert_throttle');
  const throttleSeconds =
    throttleText === null
      ? DEFAULT_ALERT_THROTTLE_SECONDS
      : convert('alert_throttle', () => {
          const value = integer(throttleText);
          if (value < 0) throw new ConfigValueError(`${value} is negative`, 'a whole number of seconds, 0 or more');
          return value;
        });
  return { webhookUrl, sendmailPath, mailTo, mailFrom: get('mail_from'), throttleSeconds, sources: sectionSources(reader, ALERTS_SECTION) };
}
