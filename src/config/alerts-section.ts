/**
 * `[alerts]`: where svwizd sends notifications (issue 17) — a webhook and/or mail, through a local
 * sendmail or an SMTP server (one of the two: one mail per alert, not two). Supervisor 4.2.5 ignores a section it does not know (tested), so the same file still
 * runs under Python supervisord, without alerts.
 */
import type { ConfigReader } from './config-reader.js';
import type { AlertsConfig } from './types.js';
import { sectionSources } from './supervisord-section.js';
import { ConfigValueError, integer } from './datatypes.js';
import { ConfigError } from '../errors.js';

export const ALERTS_SECTION = 'alerts';
export const ALERTS_KEYS = ['webhook_url', 'sendmail_path', 'smtp_url', 'mail_to', 'mail_from', 'alert_throttle'] as const;
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
  const smtpUrl = readSmtpUrl(reader);
  if (smtpUrl !== null) convert('smtp_url', () => checkSmtpUrl(smtpUrl));
  if (smtpUrl !== null && sendmailPath !== null) {
    throw reader.error('smtp_url and sendmail_path are both set (valid: one of them; mail goes out one way)', ALERTS_SECTION, 'smtp_url');
  }
  const mailer = smtpUrl !== null ? 'smtp_url' : sendmailPath !== null ? 'sendmail_path' : null;
  const mailTo = (get('mail_to') ?? '').split(',').map((address) => address.trim()).filter(Boolean);
  if (mailer !== null && mailTo.length === 0) {
    throw reader.error(`${mailer} is set but mail_to is empty (valid: mail_to = ops@example.com, other@example.com)`, ALERTS_SECTION, mailer);
  }
  if (mailTo.length > 0 && mailer === null) {
    throw reader.error('mail_to is set but neither sendmail_path nor smtp_url is (valid: sendmail_path = /usr/sbin/sendmail, or smtp_url = smtp://user:password@host:587)', ALERTS_SECTION, 'mail_to');
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
  return { webhookUrl, sendmailPath, smtpUrl, mailTo, mailFrom: get('mail_from'), throttleSeconds, sources: sectionSources(reader, ALERTS_SECTION) };
}

const SMTP_URL_VALID = 'smtp://[user:password@]host[:port] (STARTTLS when offered) or smtps://… (TLS from the start)';

/** %-expansion's own error quotes the value, here with the password in it; this one does not. */
function readSmtpUrl(reader: ConfigReader): string | null {
  try {
    return reader.get(ALERTS_SECTION, 'smtp_url', null)?.value?.trim() || null;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const problem = new ConfigValueError('the value cannot be %-expanded', 'a URL escape with its % doubled, as in smtp://user%%40example.com:p%%3Aw@host');
    throw reader.error(problem, ALERTS_SECTION, 'smtp_url');
  }
}

/** The URL holds a password: the errors name its parts, never quote it. */
function checkSmtpUrl(text: string): void {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigValueError('the value is not a URL', SMTP_URL_VALID);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new ConfigValueError(`${url.protocol} is not an SMTP scheme`, SMTP_URL_VALID);
  if (!url.hostname) throw new ConfigValueError('the URL names no host', SMTP_URL_VALID);
  if (url.password && !url.username) throw new ConfigValueError('the URL has a password but no user', SMTP_URL_VALID);
}
