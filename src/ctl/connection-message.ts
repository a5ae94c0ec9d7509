/**
 * The one line svwizctl prints when it cannot reach the supervisor, instead of supervisorctl's
 * bare `URL no such file` or a Python traceback line: what failed, and what to do next.
 */

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  ECONNREFUSED: 'refused connection',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTSOCK: 'not a socket',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** A connection error's code (ENOENT, ECONNREFUSED, …) in a few plain words. */
export function connectionReason(code: string): string {
  return REASONS[code] ?? code;
}

export function describeConnectionFailure(serverUrl: string, code: string): string {
  const reason = connectionReason(code);
  if (code === 'EACCES' || code === 'EPERM') {
    return `svwizctl: cannot reach supervisor at ${serverUrl} (${reason}): run as a user allowed to use the socket (see chmod/chown in [unix_http_server]), or run 'svwiz doctor'`;
  }
  return `svwizctl: cannot reach supervisor at ${serverUrl} (${reason}): start it with 'svwizd -c FILE' or your service, or run 'svwiz doctor'`;
}
