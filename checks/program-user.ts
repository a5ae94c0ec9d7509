/**
 * `program-user`: `user=` naming an account that does not exist (supervisord refuses to start),
 * `user=` while the daemon is not root (the child dies with "Can't drop privilege as nonroot
 * user"), and a program script its user cannot read.
 */
import { shlexSplit } from '../src/shell/shlex-split.js';
import { canReadFile } from '../src/system/access.js';
import { positionOf } from '../src/doctor/config-locate.js';
import { namespecOf, programIdentity, programsOnce } from '../src/doctor/program-facts.js';
import type { Check, Finding } from '../src/doctor/types.js';

const INVALID_USER = /Invalid user (name|id) (\S+)/;

export const programUserCheck: Check = {
  id: 'program-user',
  title: 'Program users exist and can be switched to',
  area: 'programs',
  appliesTo: (ctx) => (ctx.config || (ctx.configError && INVALID_USER.test(ctx.configError.message)) ? true : 'the config did not load'),
  async run(ctx) {
    if (!ctx.config) {
      const error = ctx.configError!;
      const user = INVALID_USER.exec(error.message)![2]!;
      return [
        {
          severity: 'error',
          message: `${error.message.split('\n')[0]}: user ${user} does not exist on this system, so supervisord refuses to start`,
          file: error.file,
          line: error.line,
          fix: { description: `create the user, or set user= to an existing account`, safety: 'manual', commands: [`useradd --system --no-create-home ${user}`] },
        },
      ];
    }
    const findings: Finding[] = [];
    for (const proc of programsOnce(ctx)) {
      if (!proc.user) continue;
      const where = { ...positionOf(ctx, proc.section, 'user'), program: namespecOf(proc) };
      if (ctx.daemonUser.uid !== 0 && proc.uid !== ctx.daemonUser.uid) {
        findings.push({
          severity: 'error',
          message: `${namespecOf(proc)} has user=${proc.user} but the daemon runs as ${ctx.daemonUser.name}, not root: the child fails with "couldn't setuid … Can't drop privilege as nonroot user"`,
          ...where,
          fix: { description: `remove user= from [${proc.section}], or run supervisord as root`, safety: 'manual' },
        });
        continue;
      }
      let script: string | undefined;
      try {
        script = shlexSplit(proc.command).slice(1).find((w) => w.startsWith('/') && /\.(py|sh|js|rb|pl|php)$/.test(w));
      } catch {
        // the command check reports unparsable commands
      }
      if (script) {
        const access = await canReadFile(programIdentity(ctx, proc), script, ctx.root);
        if (!access.ok && access.reason !== 'missing') {
          findings.push({
            severity: 'error',
            message: `${proc.user} cannot read ${script} (command of ${namespecOf(proc)}): ${access.blockedAt} is ${access.reason}`,
            ...where,
            fix: { description: `give ${proc.user} read access to ${script} (e.g. chgrp to one of its groups and chmod g+r)`, safety: 'manual' },
          });
        }
      }
    }
    return findings;
  },
};
