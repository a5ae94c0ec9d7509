/**
 * Find where a section or key was written (file:line), so findings and fixes point at the line a
 * person would edit. The loaded config model is asked first: it carries the file:line of every
 * value it read (`sources`). The raw files answer only for what the model does not hold (a
 * section it has no object for, such as [supervisorctl] or [include], or a config that did not load).
 * In the raw files the last occurrence wins, as in Supervisor.
 */
import path from 'node:path';
import type { RawEntry, RawSection } from '../config/ini-dialect.js';
import type { SectionSources } from '../config/types.js';
import type { DoctorContext } from './types.js';

/** The model's record of where SECTION's keys were set, when the model has an object for it. */
export function sectionSources(ctx: DoctorContext, name: string): SectionSources | undefined {
  const config = ctx.config;
  if (!config) return undefined;
  if (name === 'supervisord') return config.supervisord.sources;
  const owner =
    config.unixHttpServers.find((s) => s.section === name) ??
    config.inetHttpServers.find((s) => s.section === name) ??
    config.processes.find((p) => p.section === name) ??
    config.groups.find((g) => g.origin === 'group' && `group:${g.name}` === name);
  return owner?.sources;
}

/** The model read the files under --root by their host paths; findings name target paths. */
function targetPathOf(ctx: DoctorContext, file: string): string {
  return ctx.root === '/' ? file : '/' + path.relative(ctx.root, file);
}

export interface LocatedSection {
  file: string;
  section: RawSection;
}

/** Every occurrence of a section, across the main file and includes, in reading order. */
export function sectionOccurrences(ctx: DoctorContext, name: string): LocatedSection[] {
  const found: LocatedSection[] = [];
  for (const raw of ctx.rawFiles) for (const section of raw.ini?.sections ?? []) if (section.name === name) found.push({ file: raw.file, section });
  return found;
}

/** The file that defines a section (its last occurrence: where an edit takes effect). */
export function sectionFile(ctx: DoctorContext, name: string): string | undefined {
  return sectionOccurrences(ctx, name).at(-1)?.file;
}

export function findRawEntry(ctx: DoctorContext, section: string, key: string): (RawEntry & { file: string }) | undefined {
  let result: (RawEntry & { file: string }) | undefined;
  for (const occurrence of sectionOccurrences(ctx, section)) {
    for (const entry of occurrence.section.entries) if (entry.key === key) result = { ...entry, file: occurrence.file };
  }
  return result;
}

/** file:line of a key, else of its section header. */
export function positionOf(ctx: DoctorContext, section: string, key?: string): { file?: string; line?: number } {
  const sources = sectionSources(ctx, section);
  const known = sources && ((key ? sources.keys[key] : undefined) ?? sources.section);
  if (known) return { file: targetPathOf(ctx, known.file), line: known.line };
  const entry = key ? findRawEntry(ctx, section, key) : undefined;
  if (entry) return { file: entry.file, line: entry.position.line };
  const occurrence = sectionOccurrences(ctx, section).at(-1);
  return occurrence ? { file: occurrence.file, line: occurrence.section.position.line } : {};
}
