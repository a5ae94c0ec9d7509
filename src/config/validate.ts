/**
 * What Supervisor accepts silently but a person almost certainly did not mean: unknown keys,
 * unknown section types, mis-cased section names, [DEFAULT] keys. Reported as warnings with a
 * did-you-mean; Supervisor itself ignores them (reference §1.2).
 */
import type { ConfigWarning } from './types.js';
import type { IniStore } from './ini-dialect.js';
import { KNOWN_PROGRAM_KEY_NAMES, SECTION_KIND_KEYS } from './program-keys.js';
import { ALERTS_KEYS, ALERTS_SECTION } from './alerts-section.js';
import { NODE_KEYS, NODE_SECTION_PREFIX } from './nodes-section.js';
import { FATAL_EXIT_KEYS } from './fatal-exit-keys.js';

// svwizd's own [program:x] keys are known too (program-keys.ts): Supervisor ignores them, svwizd reads them.
const PROGRAM_KEYS = KNOWN_PROGRAM_KEY_NAMES;

/** Known keys per section type (the part before `:`, or the whole name). */
export const KNOWN_KEYS: Record<string, readonly string[]> = {
  supervisord: [
    'logfile', 'logfile_maxbytes', 'logfile_backups', 'loglevel', 'pidfile', 'umask', 'nodaemon',
    'silent', 'minfds', 'minprocs', 'nocleanup', 'childlogdir', 'user', 'directory', 'strip_ansi',
    'environment', 'identifier',
    ...FATAL_EXIT_KEYS,
  ],
  unix_http_server: ['file', 'chmod', 'chown', 'username', 'password', 'metrics_auth'],
  inet_http_server: ['port', 'username', 'password', 'allowed_hosts', 'metrics_auth'],
  supervisorctl: ['serverurl', 'username', 'password', 'prompt', 'history_file'],
  program: PROGRAM_KEYS,
  eventlistener: [...PROGRAM_KEYS, ...SECTION_KIND_KEYS.eventlistener.map((k) => k.key)],
  'fcgi-program': [...PROGRAM_KEYS, ...SECTION_KIND_KEYS['fcgi-program'].map((k) => k.key)],
  group: ['programs', 'priority'],
  include: ['files'],
  rpcinterface: ['supervisor.rpcinterface_factory'],
  ctlplugin: ['supervisor.ctl_factory'],
  [ALERTS_SECTION]: ALERTS_KEYS,
  [NODE_SECTION_PREFIX]: NODE_KEYS,
};

/** Section types that need a `:name` part. */
const NAMED_TYPES = ['program', 'eventlistener', 'fcgi-program', 'group', 'rpcinterface', 'ctlplugin', NODE_SECTION_PREFIX];
const PLAIN_TYPES = ['supervisord', 'supervisorctl', 'include', ALERTS_SECTION];

/** The KNOWN_KEYS entry a section name belongs to, as Supervisor decides it (case-sensitive prefixes). */
export function sectionType(name: string): string | undefined {
  if (name.startsWith('unix_http_server')) return 'unix_http_server';
  if (name.startsWith('inet_http_server')) return 'inet_http_server';
  if (PLAIN_TYPES.includes(name)) return name;
  const colon = name.indexOf(':');
  if (colon > 0 && NAMED_TYPES.includes(name.slice(0, colon))) return name.slice(0, colon);
  return undefined;
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The closest candidate within a small edit distance, or undefined. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function suggestSectionName(name: string): string | undefined {
  const colon = name.indexOf(':');
  const head = colon >= 0 ? name.slice(0, colon) : name;
  const rest = colon >= 0 ? name.slice(colon) : '';
  const guess = didYouMean(head, colon >= 0 ? NAMED_TYPES : [...PLAIN_TYPES, 'unix_http_server', 'inet_http_server']);
  return guess ? guess + rest : undefined;
}

/** Warnings for unknown sections and keys, and for [DEFAULT] keys (they apply to every section). */
export function findUnknownNames(store: IniStore, sectionsToCheck: 'supervisord' | 'supervisorctl' = 'supervisord'): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  for (const [key, stored] of store.defaults) {
    warnings.push({
      message: `[DEFAULT] key '${key}' applies to every section (and breaks [rpcinterface:x] factories when an HTTP server is configured); set it in the sections that need it instead`,
      position: stored.position,
      section: 'DEFAULT',
      key,
    });
  }
  for (const section of store.sections.values()) {
    const type = sectionType(section.name);
    if (type === undefined) {
      const suggestion = suggestSectionName(section.name);
      warnings.push({
        message: `unknown section [${section.name}] is ignored by Supervisor${suggestion ? `; did you mean [${suggestion}]?` : ''}`,
        position: section.position,
        section: section.name,
        suggestion: suggestion ? `[${suggestion}]` : undefined,
      });
      continue;
    }
    if (sectionsToCheck === 'supervisorctl' && type !== 'supervisorctl') continue;
    if (type === 'rpcinterface') continue; // every other key is a keyword argument of the factory
    const known = KNOWN_KEYS[type]!;
    for (const [key, stored] of section.keys) {
      if (known.includes(key) || store.defaults.get(key)?.position === stored.position) continue;
      const suggestion = didYouMean(key, known);
      warnings.push({
        message: `unknown key '${key}' in [${section.name}] is ignored by Supervisor${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
        position: stored.position,
        section: section.name,
        key,
        suggestion,
      });
    }
  }
  return warnings;
}
