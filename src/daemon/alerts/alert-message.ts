/**
 * What an alert says, as one JSON body every common receiver reads: `text` (Slack-compatible
 * incoming webhooks, Mattermost, Rocket.Chat), `content` (Discord-compatible), `title` and
 * `message` (ntfy and generic receivers), plus structured fields for scripts. Also the plain
 * mail built from it. Pure.
 */

/** Failure kinds svwizd raises itself; other modules (health checks) may add their own. */
export type AlertKind = 'unexpected_exit' | 'fatal' | 'recovery' | 'memory_limit' | (string & {});

export interface AlertInput {
  kind: AlertKind;
  /** `group:name`, as supervisorctl names it. */
  process: string;
  message: string;
  /** Failures held back into this summary, or ended by this recovery. */
  summaryOf?: number;
  endsFailures?: number;
}

export interface AlertOrigin {
  hostname: string;
  identifier: string;
}

export interface AlertBody {
  text: string;
  content: string;
  title: string;
  message: string;
  kind: string;
  process: string;
  host: string;
  identifier: string;
  at: string;
  summary_of?: number;
  ends_failures?: number;
}

/** Discord refuses `content` over 2000 characters. */
const CONTENT_LIMIT = 2000;

const TITLES: Record<string, string> = {
  unexpected_exit: 'exited unexpectedly',
  fatal: 'entered FATAL',
  recovery: 'recovered',
  memory_limit: 'restarted for memory_limit',
};

export function alertBody(input: AlertInput, origin: AlertOrigin, at: Date): AlertBody {
  const what = TITLES[input.kind] ?? input.kind.replace(/_/g, ' ');
  const title = `${input.process} ${what} on ${origin.hostname}`;
  let message = input.message;
  if (input.summaryOf) message = `${input.summaryOf} more alert${input.summaryOf === 1 ? '' : 's'} since the last message; latest: ${message}`;
  if (input.endsFailures) message = `${message} (after ${input.endsFailures} failure${input.endsFailures === 1 ? '' : 's'})`;
  const text = `[${origin.identifier}@${origin.hostname}] ${input.process}: ${message}`.slice(0, CONTENT_LIMIT);
  return {
    text,
    content: text,
    title,
    message,
    kind: input.kind,
    process: input.process,
    host: origin.hostname,
    identifier: origin.identifier,
    at: at.toISOString(),
    ...(input.summaryOf ? { summary_of: input.summaryOf } : {}),
    ...(input.endsFailures ? { ends_failures: input.endsFailures } : {}),
  };
}

/** A header value without line breaks (no header injection through a process name). */
const headerSafe = (value: string): string => value.replace(/[\r\n]+/g, ' ');

/** What a mail says, whichever way it goes out (sendmail or SMTP). */
export interface AlertMailParts {
  to: string;
  from: string | null;
  subject: string;
  text: string;
}

export function alertMailParts(body: AlertBody, to: readonly string[], from: string | null): AlertMailParts {
  const lines = [body.text, '', `kind: ${body.kind}`, `process: ${body.process}`, `host: ${body.host}`, `at: ${body.at}`];
  return { to: headerSafe(to.join(', ')), from: from ? headerSafe(from) : null, subject: headerSafe(`svwiz: ${body.title}`), text: `${lines.join('\n')}\n` };
}

/** An RFC 5322 message for `sendmail -t -i`. */
export function alertMail(body: AlertBody, to: readonly string[], from: string | null): string {
  const parts = alertMailParts(body, to, from);
  const headers = [`To: ${parts.to}`, ...(parts.from ? [`From: ${parts.from}`] : []), `Subject: ${parts.subject}`, 'Content-Type: text/plain; charset=utf-8'];
  return `${headers.join('\n')}\n\n${parts.text}`;
}
