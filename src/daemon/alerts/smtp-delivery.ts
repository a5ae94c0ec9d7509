/**
 * Mail to an SMTP server (issue 17: `[alerts] smtp_url`), through nodemailer. nodemailer is
 * imported on the first SMTP alert, not at start: a daemon without smtp_url (most) never loads it.
 * The URL holds the login; only smtpDisplay() of it may reach a log.
 */
import type { AlertMailParts } from './alert-message.js';

export interface SmtpTarget {
  host: string;
  port: number;
  /** smtps://: TLS from the first byte. smtp://: plain, upgraded by STARTTLS when offered. */
  secure: boolean;
  auth?: { user: string; pass: string };
}

/** smtp_url as nodemailer's options; config/alerts-section.ts has already checked it. Pure. */
export function smtpTarget(smtpUrl: string): SmtpTarget {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  // nodemailer's own defaults: submission (587) for plain, 465 for implicit TLS.
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  const user = decodeURIComponent(url.username);
  // URL keeps an IPv6 address in brackets; a socket wants it bare.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port, secure, ...(user ? { auth: { user, pass: decodeURIComponent(url.password) } } : {}) };
}

/** The URL without its login, for logs. Pure. */
export function smtpDisplay(smtpUrl: string): string {
  const target = smtpTarget(smtpUrl);
  return `${target.secure ? 'smtps' : 'smtp'}://${new URL(smtpUrl).hostname}:${target.port}`;
}

/** One message over one connection; rejects on any failure or after `timeoutMs`. */
export async function sendSmtp(smtpUrl: string, mail: AlertMailParts, timeoutMs: number): Promise<void> {
  const { createTransport } = await import('nodemailer');
  const transport = createTransport({
    ...smtpTarget(smtpUrl),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: false,
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the SMTP server did not take the message within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    await Promise.race([transport.sendMail({ to: mail.to, from: mail.from ?? undefined, subject: mail.subject, text: mail.text }), timeout]);
  } finally {
    clearTimeout(timer);
    transport.close();
  }
}
