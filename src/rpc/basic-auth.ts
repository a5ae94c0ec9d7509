/**
 * HTTP Basic authentication as Supervisor's HTTP servers do it (reference §3.9): one user per
 * server; a stored password starting with `{SHA}` is compared with the lowercase hex SHA-1 of the
 * supplied password, anything else by plain equality.
 */
import { timingSafeEqual } from 'node:crypto';
import { SHA_PREFIX, isShaPassword, shaDigest } from '../protocol/sha-password.js';

export interface ServerCredentials {
  username: string;
  password: string;
}

/** `ok`: let the request through; `unauthorized`: 401 with a challenge; `bad-request`: 400 (undecodable credentials). */
export type AuthOutcome = 'ok' | 'unauthorized' | 'bad-request';

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function passwordMatches(stored: string, supplied: string): boolean {
  if (isShaPassword(stored)) {
    // Only the lowercase hex digest ever matches, as in Supervisor.
    return sameText(stored.slice(SHA_PREFIX.length), shaDigest(supplied));
  }
  return sameText(stored, supplied);
}

/** Decode base64 the way Python's decodebytes accepts it: stray characters ignored, padding required. */
function decodeCredentials(cookie: string): string | undefined {
  const compact = cookie.replace(/[^A-Za-z0-9+/=]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(compact, 'base64'));
  } catch {
    return undefined;
  }
}

export function checkBasicAuth(authorization: string | undefined, credentials: ServerCredentials): AuthOutcome {
  if (!authorization) return 'unauthorized';
  const match = /^([^ ]+) (.*)$/s.exec(authorization);
  if (!match || match[1].toLowerCase() !== 'basic') return 'unauthorized';
  const decoded = decodeCredentials(match[2]);
  if (decoded === undefined) return 'bad-request';
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'unauthorized';
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  return username === credentials.username && passwordMatches(credentials.password, password) ? 'ok' : 'unauthorized';
}
