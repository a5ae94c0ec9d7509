/**
 * Refusing what only a browser on another site would send (issue 12). Pure functions of request
 * headers, shared by /RPC2 (here) and the web UI's /api/* (src/web/csrf.ts re-exports them).
 *
 * - Cross-site requests: a page on any site can make the browser POST a form or a no-cors fetch
 *   to /RPC2, with the Basic-auth credentials it has cached. Such a request carries
 *   `Sec-Fetch-Site` (modern browsers), an `Origin` (every browser, for a POST) or a content type
 *   a form can produce; real XML-RPC clients send `Content-Type: text/xml` and neither header.
 * - DNS rebinding: a hostile name that resolves to this machine makes the browser treat the
 *   daemon as that site, so Origin matches Host; only the Host name itself tells the two apart.
 */

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

/** Refuse requests a browser marks as coming from another site or origin (the order Go 1.25's CrossOriginProtection uses). */
export function checkSameOrigin(headers: { secFetchSite?: string; origin?: string; host?: string }): OriginVerdict {
  const site = headers.secFetchSite?.toLowerCase();
  if (site !== undefined) {
    return site === 'same-origin' ? { ok: true } : { ok: false, reason: `Sec-Fetch-Site is ${site}` };
  }
  if (headers.origin === undefined) return { ok: true };
  let originHost: string;
  try {
    originHost = new URL(headers.origin).host;
  } catch {
    return { ok: false, reason: `unparseable Origin ${headers.origin}` };
  }
  if (headers.host !== undefined && originHost === headers.host.toLowerCase()) return { ok: true };
  return { ok: false, reason: `Origin ${headers.origin} does not match Host ${headers.host ?? '(none)'}` };
}

/** XML media types; a missing type is what some scripts send (a browser form always sends one). */
const XML_CONTENT_TYPE = /^\s*(?:text|application)\/xml\s*(?:;|$)/i;

/** Why an XML-RPC POST looks like a browser's cross-site request, or undefined for a real client. */
export function crossSiteRpcRefusal(headers: { secFetchSite?: string; origin?: string; host?: string; contentType?: string }): string | undefined {
  const origin = checkSameOrigin(headers);
  if (!origin.ok) return origin.reason;
  if (headers.contentType !== undefined && !XML_CONTENT_TYPE.test(headers.contentType)) {
    return `Content-Type ${headers.contentType} is not text/xml (XML-RPC clients send text/xml; a cross-site form cannot)`;
  }
  return undefined;
}

/** The host name of a Host header (no port, lower case, no trailing dot, IPv6 without brackets); undefined when malformed. */
export function hostNameOf(header: string): string | undefined {
  const text = header.trim().toLowerCase();
  let name: string;
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0 || !/^(?::\d*)?$/.test(text.slice(end + 1))) return undefined;
    name = text.slice(1, end);
  } else {
    const colon = text.indexOf(':');
    if (colon >= 0 && !/^:\d*$/.test(text.slice(colon))) return undefined;
    name = colon >= 0 ? text.slice(0, colon) : text;
  }
  name = name.replace(/\.$/, '');
  return name === '' ? undefined : name;
}

/** Names this server answers to: exact names, `.example.com` (that name and every subdomain), or `*` (any). */
export interface HostAllowList {
  names: ReadonlySet<string>;
  patterns: readonly string[];
}

export function hostAllowed(name: string, allowed: HostAllowList): boolean {
  if (allowed.names.has(name)) return true;
  return allowed.patterns.some((pattern) => pattern === '*' || (pattern.startsWith('.') && (name === pattern.slice(1) || name.endsWith(pattern))));
}
