/**
 * Liveness checks per `[program:x]` (issue 17), with the key names ochinchina/supervisord uses so
 * a section moves between the two daemons unchanged. Supervisor has no such keys and ignores
 * them. Defaults are ochinchina's (60 s delay and period, 30 s timeout, 3 failures, 1 success,
 * restart); where svwizd differs (no curl-style options after an URL) the error says so.
 */
import type { ConfigReader } from './config-reader.js';
import type { PyMapping } from './py-format.js';
import type { LivenessCheckConfig, LivenessProbe } from './types.js';
import { ConfigValueError, integer } from './datatypes.js';

export const LIVENESS_CHECK_KEYS = [
  'liveness_check_script',
  'liveness_check_initial_delay',
  'liveness_check_period',
  'liveness_check_timeout',
  'liveness_check_failure_threshold',
  'liveness_check_success_threshold',
  'liveness_check_failure_action',
  'liveness_check_success_action',
] as const;

export const LIVENESS_DEFAULTS = {
  initialDelaySeconds: 60,
  periodSeconds: 60,
  timeoutSeconds: 30,
  failureThreshold: 3,
  successThreshold: 1,
} as const;

const SCRIPT_VALID = 'an http:// or https:// URL (healthy on 2xx/3xx), tcp://host:port (healthy when it connects), or a shell command (healthy on exit 0)';

/** What `liveness_check_script` names. Pure. */
export function parseLivenessProbe(text: string): LivenessProbe {
  const script = text.trim();
  if (script === '') throw new ConfigValueError('is empty', SCRIPT_VALID);
  const lower = script.toLowerCase();
  if (lower.startsWith('http://') || lower.startsWith('https://')) {
    // ochinchina takes curl-like -H/-d/--cert-file words after the URL; svwizd does a plain GET.
    if (/\s/.test(script)) throw new ConfigValueError(`${JSON.stringify(script)} has words after the URL`, 'a bare URL: svwizd sends a plain GET without -H/-d/--*-file options');
    let url: URL;
    try {
      url = new URL(script);
    } catch {
      throw new ConfigValueError(`${JSON.stringify(script)} is not a valid URL`, SCRIPT_VALID);
    }
    return { kind: 'http', url: url.href };
  }
  if (lower.startsWith('tcp://')) {
    const match = /^tcp:\/\/(\[[^\]]+\]|[^:\s/]+):(\d+)\/?$/i.exec(script);
    const port = match ? Number(match[2]) : NaN;
    if (!match || !(port >= 1 && port <= 65535)) throw new ConfigValueError(`${JSON.stringify(script)} is not tcp://host:port`, 'tcp://host:port with a port from 1 to 65535, e.g. tcp://127.0.0.1:8080');
    return { kind: 'tcp', host: match[1]!.replace(/^\[|\]$/g, ''), port };
  }
  // ochinchina strips an optional script:// prefix before running a command.
  const command = script.replace(/^script:\/\//i, '');
  return { kind: 'command', command };
}

function atLeast(min: number, valid: string): (value: string) => number {
  return (value) => {
    const number = integer(value);
    if (!(number >= min)) throw new ConfigValueError(`${number} is below ${min}`, valid);
    return number;
  };
}

/** The check of one program section; undefined when it has no liveness_check_script (the default). */
export function readLivenessCheck(reader: ConfigReader, section: string, expansions: PyMapping = new Map()): LivenessCheckConfig | undefined {
  const present = LIVENESS_CHECK_KEYS.filter((key) => reader.store.get(section, key));
  if (present.length === 0) return undefined;
  const get = (key: string) => reader.get(section, key, null, expansions)?.value ?? null;
  const script = get('liveness_check_script');
  if (script === null) {
    reader.guard(section, present[0], () => {
      throw new ConfigValueError('is set without liveness_check_script', `also set liveness_check_script to ${SCRIPT_VALID}`);
    });
  }
  const seconds = (key: string, fallback: number, min: number): number => {
    const value = get(key);
    return value === null ? fallback : reader.guard(section, key, () => atLeast(min, `a whole number of seconds, ${min} or more`)(value));
  };
  const count = (key: string, fallback: number): number => {
    const value = get(key);
    return value === null ? fallback : reader.guard(section, key, () => atLeast(1, 'a whole number of checks, 1 or more')(value));
  };
  const action = (key: string): string | null => {
    const value = get(key)?.trim() ?? '';
    if (value === '') return null;
    // ochinchina lower-cases the action before comparing: `Restart` and `STOP` are the keywords too.
    const keyword = value.toLowerCase();
    return keyword === 'restart' || keyword === 'stop' ? keyword : value;
  };
  return {
    probe: reader.guard(section, 'liveness_check_script', () => parseLivenessProbe(script!)),
    initialDelaySeconds: seconds('liveness_check_initial_delay', LIVENESS_DEFAULTS.initialDelaySeconds, 0),
    periodSeconds: seconds('liveness_check_period', LIVENESS_DEFAULTS.periodSeconds, 1),
    timeoutSeconds: seconds('liveness_check_timeout', LIVENESS_DEFAULTS.timeoutSeconds, 1),
    failureThreshold: count('liveness_check_failure_threshold', LIVENESS_DEFAULTS.failureThreshold),
    successThreshold: count('liveness_check_success_threshold', LIVENESS_DEFAULTS.successThreshold),
    failureAction: action('liveness_check_failure_action') ?? 'restart',
    successAction: action('liveness_check_success_action'),
  };
}
