/**
 * The unexpected exits a supervisor's main log records, read from two tails of it (pure).
 *
 * Why (issue 18's CI, a doctor bug under load): Python supervisord shows a crashed program as
 * EXITED only until its next loop turn, a few milliseconds after SIGCHLD, and then restarts it.
 * A doctor polling getAllProcessInfo on a busy machine sees the pid change but never the EXITED
 * snapshot that says why. Both supervisors write every unexpected exit to the main log as
 * `exited: NAME (exit status 3; not expected)` (WARN), so the log tail is the second witness.
 */

/** One `exited: … not expected` line: the exit status, or the signal that killed the process. */
export interface LoggedExit {
  status?: number;
  signal?: string;
}

/**
 * What `after` holds beyond `before`: both are tails of the same growing log, so the new part
 * starts after `before`'s last line. If that line is gone from `after` (the log rotated or was
 * cleared meanwhile), all of `after` is new.
 */
export function logTextSince(before: string, after: string): string {
  const lastLine = before.trimEnd().split('\n').at(-1) ?? '';
  if (!lastLine) return after;
  const at = after.lastIndexOf(lastLine);
  return at < 0 ? after : after.slice(at + lastLine.length);
}

/** What follows `exited: NAME (` on an unexpected exit's line. */
const UNEXPECTED_REASON = /^(?:exit status (\d+)|terminated by (\w+))(?: \(core dumped\))?; not expected\)/;

/**
 * The unexpected exits of process `name` (Supervisor logs the process name, not group:name) in
 * `text`, oldest first. Expected exits and stops are not listed.
 */
export function unexpectedExits(text: string, name: string): LoggedExit[] {
  const prefix = `exited: ${name} (`;
  const exits: LoggedExit[] = [];
  for (const line of text.split('\n')) {
    const at = line.indexOf(prefix);
    const match = at < 0 ? null : UNEXPECTED_REASON.exec(line.slice(at + prefix.length));
    if (match) exits.push(match[1] !== undefined ? { status: Number(match[1]) } : { signal: match[2] });
  }
  return exits;
}
