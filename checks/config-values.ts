/**
 * `config-values`: values Supervisor rejects (the loader's error, plus every other bad boolean,
 * integer or autorestart value so one run shows them all), unknown keys with did-you-mean, and
 * sections defined twice (Supervisor silently merges them).
 */
import { programKeysOfKind } from '../src/config/program-keys.js';
import { didYouMean } from '../src/config/validate.js';
import { boolean, integer, autorestart } from '../src/config/datatypes.js';
import { findRawEntry, positionOf } from '../src/doctor/config-locate.js';
import { planConfigEdit, setKeyPlan } from '../src/doctor/config-edit.js';
import type { Check, DoctorContext, Finding } from '../src/doctor/types.js';

const PROGRAM_TYPES = /^(program|eventlistener|fcgi-program):/;
const BOOLEAN_KEYS = programKeysOfKind('boolean');
const INTEGER_KEYS = programKeysOfKind('integer');
const BOOLEAN_WORDS = ['true', 'false', 'yes', 'no', 'on', 'off'];

/** Loader errors another check explains better. */
export function claimedElsewhere(message: string): boolean {
  return /contains names \('ENV_/.test(message) || /Invalid user (name|id)/.test(message) || /The directory named as part of the path/.test(message);
}

function validate(key: string, value: string): { message: string; suggestion?: string } | undefined {
  if (value.includes('%(')) return undefined;
  try {
    if (BOOLEAN_KEYS.includes(key)) boolean(value);
    else if (key === 'autorestart') autorestart(value);
    else if (INTEGER_KEYS.includes(key)) integer(value);
    else return undefined;
    return undefined;
  } catch (error) {
    const words = key === 'autorestart' ? ['true', 'false', 'unexpected'] : BOOLEAN_WORDS;
    const suggestion = INTEGER_KEYS.includes(key) ? undefined : didYouMean(value, words);
    return { message: (error as Error).message, suggestion };
  }
}

function scanValues(ctx: DoctorContext): Finding<ConfigValueFixData>[] {
  const findings: Finding<ConfigValueFixData>[] = [];
  for (const raw of ctx.rawFiles) {
    for (const section of raw.ini?.sections ?? []) {
      if (!PROGRAM_TYPES.test(section.name)) continue;
      for (const entry of section.entries) {
        const problem = validate(entry.key, entry.value);
        if (!problem) continue;
        findings.push({
          severity: 'error',
          message: `[${section.name}] ${entry.key}=${entry.value}: ${problem.message}; supervisord refuses to start`,
          file: raw.file,
          line: entry.position.line,
          program: section.name.slice(section.name.indexOf(':') + 1),
          fix: problem.suggestion
            ? { description: `set ${entry.key}=${problem.suggestion}`, safety: 'confirm' }
            : { description: `give ${entry.key} a valid value`, safety: 'manual' },
          data: problem.suggestion ? { kind: 'set', file: raw.file, section: section.name, key: entry.key, value: problem.suggestion } : undefined,
        });
      }
    }
  }
  return findings;
}

/** Set a value the loader rejected to its suggestion, or rename an unknown key to the one meant. */
type ConfigValueFixData =
  | { kind: 'set'; file: string; section: string; key: string; value: string }
  | { kind: 'rename'; file: string; section: string; key: string; to: string };

export const configValuesCheck: Check<ConfigValueFixData> = {
  id: 'config-values',
  title: 'Config values are valid',
  area: 'config',
  appliesTo: (ctx) => (ctx.configFile && !ctx.rawFiles.some((f) => f.parseError) ? true : 'the config does not parse (see config-syntax)'),
  async run(ctx) {
    if (ctx.configLoadCrash) throw new Error(`the config loader failed: ${ctx.configLoadCrash}`);
    const findings = scanValues(ctx);
    const error = ctx.configError;
    if (error && !claimedElsewhere(error.message)) {
      const covered = findings.some((f) => f.file === error.file && f.line === error.line);
      if (!covered) {
        findings.push({
          severity: 'error',
          message: error.message.split('\n')[0]!,
          file: error.file,
          line: error.line,
          evidence: [error.message],
          fix: { description: 'correct the value named above (supervisord refuses to start until then)', safety: 'manual' },
        });
      }
    }
    for (const warning of ctx.config?.warnings ?? []) {
      const renameTo = warning.key && warning.suggestion && !warning.suggestion.startsWith('[') ? warning.suggestion : undefined;
      // Other loader warnings (AUTO logs without rotation, …) belong to their own checks.
      if (!/^(unknown (key|section)|\[DEFAULT\])/.test(warning.message)) continue;
      findings.push({
        severity: 'warn',
        message: warning.message,
        file: warning.position?.file,
        line: warning.position?.line,
        fix: renameTo
          ? { description: `rename '${warning.key}' to '${renameTo}'`, safety: 'confirm' }
          : { description: 'remove or correct it', safety: 'manual' },
        data: renameTo && warning.key && warning.section && warning.position ? { kind: 'rename', file: warning.position.file, section: warning.section, key: warning.key, to: renameTo } : undefined,
      });
    }
    findings.push(...duplicateSections(ctx));
    return findings;
  },
  async fix(ctx, finding) {
    const data = finding.data;
    if (!data) return undefined;
    if (data.kind === 'set') return setKeyPlan(ctx, data.file, data.section, data.key, data.value, finding.fix!.description);
    const { removeIniKey, setIniKey } = await import('../src/config/ini-editor.js');
    const value = findRawEntry(ctx, data.section, data.key)?.value ?? '';
    return planConfigEdit(ctx, data.file, (text) => setIniKey(removeIniKey(text, data.section, data.key), data.section, data.to, value), finding.fix!.description);
  },
};

function duplicateSections(ctx: DoctorContext): Finding<ConfigValueFixData>[] {
  const seen = new Map<string, string>();
  const findings: Finding<ConfigValueFixData>[] = [];
  for (const raw of ctx.rawFiles) {
    for (const section of raw.ini?.sections ?? []) {
      if (!PROGRAM_TYPES.test(section.name) && !section.name.startsWith('group:')) continue;
      const first = seen.get(section.name);
      if (first === undefined) seen.set(section.name, `${raw.file}:${section.position.line}`);
      else {
        findings.push({
          severity: 'warn',
          message: `[${section.name}] is defined twice (first at ${first}); Supervisor merges them silently and the last value of each key wins`,
          ...positionOf(ctx, section.name),
          file: raw.file,
          line: section.position.line,
          fix: { description: 'keep one definition and remove the other', safety: 'manual' },
        });
      }
    }
  }
  return findings;
}
