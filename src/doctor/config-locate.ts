/**
 * Find where a section or key was written (file:line) in the raw config files, so findings and
 * fixes point at the line a person would edit. The last occurrence wins, as in Supervisor.
 */
import type { RawEntry, RawSection } from '../config/ini-dialect.js';
import type { DoctorContext } from './types.js';

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
  const entry = key ? findRawEntry(ctx, section, key) : undefined;
  if (entry) return { file: entry.file, line: entry.position.line };
  const occurrence = sectionOccurrences(ctx, section).at(-1);
  return occurrence ? { file: occurrence.file, line: occurrence.section.position.line } : {};
}
