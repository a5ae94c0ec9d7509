/**
 * `include-glob`: `[include] files=` patterns that match nothing, and config files sitting in an
 * include dir that no pattern matches (the seed's `.ini` vs `.conf` mistake: Supervisor only logs
 * a warning and the programs silently do not exist).
 */
import path from 'node:path';
import { fnmatchToRegExp } from '../src/config/python-glob.js';
import { targetIncludePatterns } from '../src/doctor/context.js';
import { findRawEntry } from '../src/doctor/config-locate.js';
import { planConfigEdit } from '../src/doctor/config-edit.js';
import { supervisorActionStep } from '../src/doctor/supervisor-actions.js';
import type { Check, DoctorContext, Finding } from '../src/doctor/types.js';

const CONFIG_EXTENSIONS = ['.conf', '.ini'];

/** The visible entries of an include dir, or null when the dir does not exist or cannot be read. */
function listDir(ctx: DoctorContext, dir: string): string[] | null {
  return ctx.files.list(dir)?.filter((name) => !name.startsWith('.')) ?? null;
}

/** The widened `files=` value the fix writes. */
interface IncludeFixData {
  value: string;
}

export const includeGlobCheck: Check<IncludeFixData> = {
  id: 'include-glob',
  title: '[include] patterns find the program files',
  area: 'config',
  appliesTo: (ctx) => (findRawEntry(ctx, 'include', 'files') && ctx.configFile ? true : 'no [include] section'),
  async run(ctx) {
    const entry = findRawEntry(ctx, 'include', 'files')!;
    const tokens = entry.value.split(/\s+/).filter(Boolean);
    const patterns = targetIncludePatterns(entry.value, ctx.configFile!, ctx.env);
    const findings: Finding<IncludeFixData>[] = [];
    const byDir = new Map<string, { regexps: RegExp[]; tokens: string[] }>();
    patterns.forEach((pattern, i) => {
      const dir = path.dirname(pattern);
      const slot = byDir.get(dir) ?? { regexps: [], tokens: [] };
      slot.regexps.push(fnmatchToRegExp(path.basename(pattern)));
      slot.tokens.push(tokens[i] ?? pattern);
      byDir.set(dir, slot);
    });
    for (const [dir, { regexps, tokens: dirTokens }] of byDir) {
      const listing = listDir(ctx, dir);
      // An existing, empty include dir is a fresh setup with no programs yet, not a mistake.
      if (listing !== null && listing.length === 0) continue;
      const names = listing ?? [];
      const matched = names.filter((n) => regexps.some((re) => re.test(n)));
      const missed = names.filter((n) => !matched.includes(n) && CONFIG_EXTENSIONS.includes(path.extname(n)));
      if (missed.length === 0) {
        if (matched.length === 0) {
          findings.push({
            severity: 'warn',
            message:
              listing === null
                ? `[include] files=${dirTokens.join(' ')}: the directory ${dir} does not exist (Supervisor only logs "No file matches via include")`
                : `[include] files=${dirTokens.join(' ')} matches no file in ${dir} (Supervisor only logs "No file matches via include")`,
            file: entry.file,
            line: entry.position.line,
            fix: { description: `put program files in ${dir}, or correct the pattern`, safety: 'manual' },
          });
        }
        continue;
      }
      const extensions = [...new Set(missed.map((n) => path.extname(n)))];
      const added = dirTokens.flatMap((token) => extensions.map((ext) => (/\.[A-Za-z]+$/.test(token) ? token.replace(/\.[A-Za-z]+$/, ext) : `${token}${ext}`)));
      findings.push({
        severity: 'error',
        message: `${missed.map((n) => path.join(dir, n)).join(', ')} ${missed.length === 1 ? 'is' : 'are'} not matched by [include] files=${entry.value}: ${missed.length === 1 ? 'its programs do' : 'their programs do'} not exist for Supervisor`,
        file: entry.file,
        line: entry.position.line,
        evidence: [`patterns: ${patterns.join(' ')}`, `files in ${dir}: ${names.join(', ')}`],
        fix: { description: `widen the pattern: files = ${[entry.value, ...added].join(' ')}`, safety: 'confirm' },
        data: { value: [entry.value, ...added].join(' ') },
      });
    }
    return findings;
  },
  async fix(ctx, finding) {
    const value = finding.data?.value;
    if (!value) return undefined;
    const { setIniKey } = await import('../src/config/ini-editor.js');
    const entry = findRawEntry(ctx, 'include', 'files')!;
    const plan = await planConfigEdit(ctx, entry.file, (text) => setIniKey(text, 'include', 'files', value), `widen [include] files so every program file is read`);
    if (!plan) return undefined;
    plan.operations.push(...supervisorActionStep(ctx, 'update', 'all', 'load the programs that were left out'));
    return plan;
  },
};
