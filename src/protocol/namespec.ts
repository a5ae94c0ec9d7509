/**
 * Namespecs as Supervisor reads and writes them (supervisor/options.py split_namespec and
 * make_namespec): `group:process`, `group:` or `group:*` for the whole group, and a bare `name`
 * for a process whose group has its own name. The daemon, svwizctl and the doctor all use these.
 */

/** `g:p` → {g, p}; `g:` / `g:*` → {g, undefined} (the whole group); `p` → {p, p}. */
export function splitNamespec(namespec: string): { group: string; process: string | undefined } {
  const colon = namespec.indexOf(':');
  if (colon < 0) return { group: namespec, process: namespec };
  const process = namespec.slice(colon + 1);
  return { group: namespec.slice(0, colon), process: process === '' || process === '*' ? undefined : process };
}

/** `group:process`, or `process` when the group has its name; no process prints as Python's `None`. */
export function makeNamespec(group: string, process: string | null | undefined): string {
  return group === process ? group : `${group}:${process ?? 'None'}`;
}
