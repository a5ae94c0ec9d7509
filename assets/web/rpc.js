/**
 * The page's only way to change anything: XML-RPC through POST /api/rpc with the CSRF token the
 * server hands out at GET /api/session (see src/web/csrf.ts for why /RPC2 is not used directly).
 */
import { decodeResponse, encodeCall, multicallItem } from './xmlrpc.js';

/**
 * An absolute URL on this page's origin, without the page's user:password. A page opened as
 * http://admin:pw@host:9001/ (the way many bookmark Supervisor's page) resolves relative URLs
 * against that address, and fetch() refuses any URL that carries credentials; the browser still
 * sends the Basic auth it cached for the origin.
 */
export function sameOriginUrl(path) {
  return new URL(path, window.location.origin).href;
}

export class HttpError extends Error {
  constructor(status, text) {
    super(`HTTP ${status}${text ? `: ${text}` : ''}`);
    this.name = 'HttpError';
    this.status = status;
  }
}

export function createRpcClient({ endpoint = '/api/rpc', sessionUrl = '/api/session' } = {}) {
  let token;
  let capabilities = {};

  async function fetchToken() {
    const response = await fetch(sameOriginUrl(sessionUrl), { cache: 'no-store', credentials: 'same-origin' });
    if (!response.ok) throw new HttpError(response.status, (await response.text()).trim());
    const session = await response.json();
    token = session.csrfToken;
    capabilities = { health: session.health === true, nodes: session.nodes === true, svwizVersion: session.svwizVersion };
    return token;
  }

  async function post(body) {
    return fetch(sameOriginUrl(endpoint), {
      method: 'POST',
      cache: 'no-store',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'text/xml', 'X-CSRF-Token': token ?? (await fetchToken()) },
      body,
    });
  }

  async function call(method, ...params) {
    const body = encodeCall(method, params);
    let response = await post(body);
    // A daemon restart makes a new secret: fetch a fresh token once and retry.
    if (response.status === 403 && response.headers.get('X-Svwiz-Refused') === 'csrf') {
      await fetchToken();
      response = await post(body);
    }
    const text = await response.text();
    if (!response.ok) throw new HttpError(response.status, text.trim());
    return decodeResponse(text);
  }

  /** Several calls in one request (cheap polling on a Pi); each result is a value or an RpcFault. */
  async function multicall(calls) {
    const results = await call(
      'system.multicall',
      calls.map(([methodName, params = []]) => ({ methodName, params })),
    );
    return results.map(multicallItem);
  }

  /** What this daemon offers beyond RPC (e.g. a doctor for the health panel). */
  async function features() {
    if (!token) await fetchToken();
    return capabilities;
  }

  return { call, multicall, fetchToken, features };
}
