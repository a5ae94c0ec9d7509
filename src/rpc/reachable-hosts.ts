/**
 * The Host names an [inet_http_server] is reachable by, asked of the OS: its bound address,
 * loopback names, the machine's host name (and `name.local` for mDNS), every interface address,
 * plus the section's `allowed_hosts`. Interfaces come and go (DHCP, Wi-Fi), so an unknown name
 * makes the list be asked again, at most every few seconds.
 */
import { hostname, networkInterfaces } from 'node:os';
import { hostAllowed, type HostAllowList } from './browser-guard.js';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback'];
const REFRESH_MS = 5000;

export interface ReachableHostsOptions {
  /** The section's host ('' = every interface). */
  boundHost: string;
  /** `allowed_hosts` entries, lower case. */
  configured: readonly string[];
}

function machineNames(): string[] {
  const names: string[] = [];
  const own = hostname().toLowerCase();
  if (own) {
    names.push(own, `${own}.local`);
    const short = own.split('.')[0];
    if (short !== own) names.push(short, `${short}.local`);
  }
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) names.push(address.address.toLowerCase());
  }
  return names;
}

export function collectAllowList(options: ReachableHostsOptions): HostAllowList {
  const names = new Set([...LOOPBACK_NAMES, ...machineNames()]);
  const bound = options.boundHost.toLowerCase();
  if (bound !== '' && bound !== '0.0.0.0' && bound !== '::' && bound !== '*') names.add(bound);
  const patterns: string[] = [];
  for (const entry of options.configured) {
    if (entry === '*' || entry.startsWith('.')) patterns.push(entry);
    else names.add(entry);
  }
  return { names, patterns };
}

/** A cached allow-list; `allows(name)` re-reads the machine's names when `name` is not in it. */
export function reachableHosts(options: ReachableHostsOptions): { allows(name: string): boolean } {
  let list = collectAllowList(options);
  let readAt = Date.now();
  return {
    allows(name) {
      // Every 127.x address is this machine, whatever the interface list says.
      if (/^127\.\d+\.\d+\.\d+$/.test(name) || hostAllowed(name, list)) return true;
      if (Date.now() - readAt < REFRESH_MS) return false;
      list = collectAllowList(options);
      readAt = Date.now();
      return hostAllowed(name, list);
    },
  };
}
