/**
 * Sending one alert: an HTTP(S) POST of the JSON body, and a mail through a local
 * sendmail-compatible program. Each resolves or rejects within its timeout, so a dead receiver
 * never holds the daemon; the alerter logs a rejection and carries on.
 */
import { spawn } from 'node:child_process';

export const DELIVERY_TIMEOUT_MS = 10_000;

export async function postWebhook(url: string, body: object, timeoutMs = DELIVERY_TIMEOUT_MS): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'manual',
  });
  // The body is not needed; reading it lets the connection close.
  await response.arrayBuffer().catch(() => undefined);
  if (response.status < 200 || response.status >= 300) throw new Error(`HTTP ${response.status} ${response.statusText}`);
}

/** `sendmail -t -i`: recipients from the headers, a lone `.` line is not the end. */
export function sendMail(sendmailPath: string, mail: string, timeoutMs = DELIVERY_TIMEOUT_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(sendmailPath, ['-t', '-i'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${sendmailPath} did not finish within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-500)));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${sendmailPath} exited with ${signal ?? code}${stderr.trim() ? `: ${stderr.trim()}` : ''}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(mail);
  });
}

/**
 * A webhook URL as the log may show it: scheme, host and port only. Slack, Discord and ntfy put
 * the secret in the path or query (…/api/webhooks/ID/TOKEN), and the main log is readable by
 * more people than the config.
 */
export function webhookDisplay(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname === '/' && !parsed.search ? parsed.origin : `${parsed.origin}/…`;
  } catch {
    return '(webhook_url)';
  }
}
