/**
 * Where `svwiz init` keeps its setup record (setup.json): the one place both the wizard (which
 * writes and re-reads it) and the doctor (which checks the setup it names first) look (#13).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mapToRoot } from './paths.js';

/** A user-mode setup's own dir: config, include dir and record. */
export function userConfigDir(home: string): string {
  return path.join(home, '.config/svwiz');
}

/** The record as `svwiz init` writes it (the wizard's planner uses the same text). */
export function renderSetupRecord(record: object): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** Where an existing setup record may be, system first. */
export function setupRecordCandidates(home: string): string[] {
  return ['/etc/svwiz/setup.json', path.join(userConfigDir(home), 'setup.json')];
}

/** What the doctor needs of a record: the config it set up and the backend that runs it. */
export interface RecordedSetup {
  /** The record's own path (a target path). */
  file: string;
  configFile: string;
  backend?: 'svwizd' | 'supervisord';
  /** The web UI it set up, when it did. */
  web?: { host: string; port: number; user: string };
  /** The whole record as read, so a fix can write it back with one field changed. */
  record: Record<string, unknown>;
}

/** The setups the records under `root` describe, in candidate order (unreadable records are skipped). */
export function recordedSetups(root: string, home: string): RecordedSetup[] {
  const setups: RecordedSetup[] = [];
  for (const candidate of setupRecordCandidates(home)) {
    try {
      const record = JSON.parse(readFileSync(mapToRoot(root, candidate), 'utf8')) as Record<string, unknown>;
      if (typeof record.configFile !== 'string') continue;
      const backend = record.backend === 'svwizd' || record.backend === 'supervisord' ? record.backend : undefined;
      const web = record.web as RecordedSetup['web'] | null | undefined;
      setups.push({ file: candidate, configFile: record.configFile, ...(backend ? { backend } : {}), ...(web && typeof web.port === 'number' ? { web } : {}), record });
    } catch {
      // no record there
    }
  }
  return setups;
}
