/**
 * `directory`: a program's `directory=` that does not exist or that its user cannot enter
 * (Supervisor does not check it at parse time; the child writes "couldn't chdir" and exits 127).
 */
import { canEnterDirectory } from '../src/system/access.js';
import { positionOf } from '../src/doctor/config-locate.js';
import { namespecOf, programIdentity, programUser, programsOnce } from '../src/doctor/program-facts.js';
import type { Check, Finding } from '../src/doctor/types.js';

/** The program directory the fix creates, and its owner. */
interface DirectoryFixData {
  path: string;
  owner: string;
}

export const directoryCheck: Check<DirectoryFixData> = {
  id: 'directory',
  title: 'Program directories exist and can be entered',
  area: 'programs',
  appliesTo: (ctx) => (ctx.config ? true : 'the config did not load'),
  async run(ctx) {
    const findings: Finding<DirectoryFixData>[] = [];
    for (const proc of programsOnce(ctx)) {
      if (!proc.directory) continue;
      const user = programUser(ctx, proc);
      const access = await canEnterDirectory(programIdentity(ctx, proc), proc.directory, ctx.root);
      if (access.ok) continue;
      const missing = access.reason === 'missing';
      findings.push({
        severity: 'error',
        message: missing
          ? `directory=${proc.directory} of ${namespecOf(proc)} does not exist: the child fails with "couldn't chdir to ${proc.directory}: ENOENT"`
          : `${user.name} cannot enter directory=${proc.directory} of ${namespecOf(proc)} (${access.blockedAt}: ${access.reason})`,
        ...positionOf(ctx, proc.section, 'directory'),
        program: namespecOf(proc),
        fix: missing
          ? { description: `create ${proc.directory} owned by ${user.name} (mode 0750)`, safety: 'confirm', commands: [`install -d -m 0750 -o ${user.name} ${proc.directory}`] }
          : { description: `give ${user.name} search (x) access to ${access.blockedAt}`, safety: 'manual' },
        data: missing ? { path: proc.directory, owner: user.name } : undefined,
      });
    }
    return findings;
  },
  async fix(_ctx, finding) {
    const data = finding.data;
    return data ? { title: 'Create the program directory', operations: [{ kind: 'mkdir', path: data.path, mode: 0o750, owner: data.owner, reason: `directory= of ${finding.program}` }] } : undefined;
  },
};
