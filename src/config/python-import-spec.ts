/**
 * `module:attr` specs of `[rpcinterface:x] supervisor.rpcinterface_factory` and eventlistener
 * `result_handler`. Supervisor imports them while parsing; we cannot import Python, so we check the
 * entry-point syntax exactly (pkg_resources' pattern and message), accept the specs Supervisor
 * itself ships, reject other names inside the `supervisor` package (they cannot resolve), and
 * leave third-party modules to a warning.
 */
import { ConfigValueError } from './datatypes.js';
import { pyRepr } from './py-format.js';

const KNOWN_SPECS = new Set(['supervisor.rpcinterface:make_main_rpcinterface', 'supervisor.dispatchers:default_handler']);
const ENTRY_POINT = /^\s*(.+?)\s*=\s*([\p{L}\p{N}_.]+)\s*(?::\s*([\p{L}\p{N}_.]+))?\s*(\[.*\])?\s*$/su;

/** The spec without the whitespace the entry-point syntax allows: what Python imports (reread compares it). */
export function normalizedImportSpec(spec: string): string {
  const m = ENTRY_POINT.exec(`x=${spec}`);
  return m ? `${m[2]}${m[3] ? `:${m[3]}` : ''}` : spec;
}

/** 'known' (Supervisor's own), 'third-party' (cannot be checked here); throws when Supervisor would fail. */
export function checkImportSpec(spec: string, section: string): 'known' | 'third-party' {
  const m = ENTRY_POINT.exec(`x=${spec}`);
  if (!m) {
    throw new ConfigValueError(`(${pyRepr("EntryPoint must be in 'name=module:attrs [extras]' format")}, ${pyRepr(`x=${spec}`)})`, 'module:callable');
  }
  if (KNOWN_SPECS.has(normalizedImportSpec(spec))) return 'known';
  if (m[2]!.startsWith('supervisor')) {
    throw new ConfigValueError(`${spec} cannot be resolved within [${section}]`, [...KNOWN_SPECS].join(' or '));
  }
  return 'third-party';
}
