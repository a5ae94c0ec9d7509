/**
 * CSRF protection for the browser's path to the daemon (POST /api/rpc).
 *
 * Why the web UI does not post to /RPC2 directly: /RPC2 must stay exactly Supervisor's endpoint
 * (supervisorctl, Ansible and xmlrpc scripts send no token), and a browser that holds cached
 * Basic-auth credentials would attach them to a cross-site form POST to /RPC2 as well. Supervisor's
 * own page even changed state with plain GET links (reference §5). So the page calls a separate
 * endpoint that demands two independent proofs that the request comes from our own page:
 *  1. the browser says it is same-origin (Sec-Fetch-Site, falling back to Origin vs Host for old
 *     browsers — the same order Go 1.25's net/http CrossOriginProtection uses; src/rpc/browser-guard.ts), and
 *  2. an X-CSRF-Token header equal to HMAC(daemon secret, session cookie + auth user). A cross-site
 *     page can neither read the token (no CORS) nor set that header without a preflight we refuse.
 * Everything here is pure so it can be tested without sockets.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface CsrfKeys {
  readonly secret: Buffer;
  /** Per-daemon cookie name: two daemons on one host (different ports) share a cookie jar. */
  readonly cookieName: string;
}

const SESSION_ID = /^[0-9a-f]{32}$/;

export function createCsrfKeys(secret: Buffer = randomBytes(32)): CsrfKeys {
  const suffix = createHmac('sha256', secret).update('cookie-name').digest('hex').slice(0, 8);
  return { secret, cookieName: `svwiz_session_${suffix}` };
}

export function newSessionId(): string {
  return randomBytes(16).toString('hex');
}

export function isSessionId(value: string | undefined): value is string {
  return value !== undefined && SESSION_ID.test(value);
}

export function csrfTokenFor(keys: CsrfKeys, sessionId: string, authUser: string): string {
  return createHmac('sha256', keys.secret).update(`csrf\0${sessionId}\0${authUser}`).digest('hex');
}

export function verifyCsrfToken(keys: CsrfKeys, sessionId: string | undefined, authUser: string, token: string | undefined): boolean {
  if (!isSessionId(sessionId) || token === undefined) return false;
  const expected = Buffer.from(csrfTokenFor(keys, sessionId, authUser), 'utf8');
  const given = Buffer.from(token, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The value of one cookie from a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function sessionCookie(keys: CsrfKeys, sessionId: string): string {
  // No Secure flag: svwizd usually serves plain http on a LAN; SameSite=Strict keeps it off cross-site requests.
  return `${keys.cookieName}=${sessionId}; Path=/; HttpOnly; SameSite=Strict`;
}

/** The Basic-auth user name the server already verified ('' when the server has no auth). */
export function basicAuthUser(authorization: string | undefined): string {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return '';
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? decoded : decoded.slice(0, colon);
}

// One owner for the same-origin rule: /RPC2 refuses cross-site requests with it too.
export { checkSameOrigin, type OriginVerdict } from '../rpc/browser-guard.js';
