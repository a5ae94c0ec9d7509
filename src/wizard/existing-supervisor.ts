/**
 * The Supervisor setup `svwiz init` meets on a machine (#13): which config it runs on, whether it
 * runs, which boot services start it, which programs it has and where their files are. Built from
 * the one inventory (src/doctor/supervisor-inventory.ts), never detected a second time; this
 * module only reads the chosen config's files to name the programs.
 */
import os from 'node:os';
import { includeExpansions, includeMatches, includePatterns } from '../config/include-files.js';
import { parseIniDialect } from '../config/ini-dialect.js';
import type { BootServiceEntry, RunningSupervisor, SupervisorInventory } from '../doctor/supervisor-inventory.js';
import { bootLinksOf } from '../system/boot-services.js';
import { mapToRoot, readUnder } from '../system/paths.js';

export interface ExistingSupervisor {
  /** The config the existing supervisor runs on (a target path). */
  configFile: string;
  /** The file plain `supervisorctl` reads with no -c (first existing in Supervisor's search order). */
  firstInSearchOrder: string | null;
  /** Its `[include] files=` patterns, absolute (joined to the config's dir as Supervisor does). */
  includePatterns: string[];
  /** Programs (and groups, event listeners) in the included files, by section name. */
  includedPrograms: string[];
  /** Programs defined in the main config file itself: rewriting that file would drop them. */
  mainFilePrograms: string[];
  running: RunningSupervisor[];
  /** Boot services that start this config (with -c, or without one through the search order), with their enable links. */
  services: (BootServiceEntry & { links: string[] })[];
}

const PROGRAM_SECTION = /^(program|group|eventlistener|fcgi-program):/;

function programSections(text: string, file: string): string[] {
  try {
    return parseIniDialect(text, file).sections.map((section) => section.name).filter((name) => PROGRAM_SECTION.test(name));
  } catch {
    return [];
  }
}

/** Which existing config init deals with: the one running daemon's, else an enabled service's, else the search order's first. */
export function chooseExistingConfig(inventory: SupervisorInventory, svwizConfigs: ReadonlySet<string>): string | undefined {
  const foreign = (file: string | undefined): file is string => !!file && !svwizConfigs.has(file);
  const searchFirst = inventory.configs.find((config) => config.firstInSearchOrder)?.file;
  const running = inventory.running.filter((daemon) => daemon.backend === 'supervisord').map((daemon) => daemon.configFile).find(foreign);
  const service = inventory.bootServices.filter((s) => s.backend === 'supervisord' && s.enabled).map((s) => s.configFile ?? searchFirst).find(foreign);
  return running ?? service ?? (foreign(searchFirst) ? searchFirst : undefined);
}

/** The existing supervisor on `configFile`, read under `root`; undefined when the file cannot be read. */
export function readExistingSupervisor(root: string, inventory: SupervisorInventory, configFile: string, env: NodeJS.ProcessEnv = process.env): ExistingSupervisor | undefined {
  const text = readUnder(root, configFile);
  if (text === undefined) return undefined;
  let patterns: string[] = [];
  try {
    const include = parseIniDialect(text, configFile).sections.find((section) => section.name === 'include');
    const value = include?.entries.find((entry) => entry.key === 'files')?.value;
    if (value) patterns = includePatterns(value, configFile, includeExpansions(configFile, os.hostname(), env));
  } catch {
    patterns = [];
  }
  const includedPrograms: string[] = [];
  for (const pattern of patterns) {
    for (const hostFile of includeMatches(pattern, (target) => mapToRoot(root, target))) {
      const included = readUnder('/', hostFile);
      if (included !== undefined) includedPrograms.push(...programSections(included, hostFile));
    }
  }
  const searchFirst = inventory.configs.find((config) => config.firstInSearchOrder)?.file ?? null;
  return {
    configFile,
    firstInSearchOrder: searchFirst,
    includePatterns: patterns,
    includedPrograms,
    mainFilePrograms: programSections(text, configFile),
    running: inventory.running.filter((daemon) => daemon.configFile === configFile),
    services: inventory.bootServices
      .filter((service) => service.backend === 'supervisord' && (service.configFile ?? searchFirst) === configFile)
      .map((service) => ({ ...service, links: bootLinksOf(root, service) })),
  };
}

const serviceLabel = (service: BootServiceEntry) => (service.kind === 'systemd' ? `${service.name}.service` : service.file);

/** What init says it found, one fact a line. */
export function describeExistingSupervisor(existing: ExistingSupervisor): string[] {
  const programs = [...existing.mainFilePrograms, ...existing.includedPrograms].map((name) => name.replace(/^program:/, ''));
  return [
    `Found Supervisor on ${existing.configFile}${existing.firstInSearchOrder === existing.configFile ? ' (what plain supervisorctl reads)' : ''}:`,
    `  running:  ${existing.running.length ? existing.running.map((daemon) => `${daemon.backend} pid ${daemon.pid}`).join(', ') : 'no'}`,
    `  boot:     ${existing.services.length ? existing.services.map((s) => `${serviceLabel(s)} (${s.enabled ? 'enabled' : 'not enabled'})`).join(', ') : 'no boot service'}`,
    `  programs: ${programs.length ? programs.join(', ') : 'none'}${existing.includePatterns.length ? ` (from ${existing.includePatterns.join(' ')})` : ''}`,
  ];
}

export { serviceLabel };
