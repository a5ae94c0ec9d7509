/** `config-syntax`: files Supervisor cannot parse at all (or cannot find/read), with the line. */
import type { Check, Finding } from '../src/doctor/types.js';

export const configSyntaxCheck: Check = {
  id: 'config-syntax',
  title: 'Config files parse',
  area: 'config',
  appliesTo: () => true,
  async run(ctx) {
    if (!ctx.configFile) {
      return [
        {
          severity: 'error',
          message: `no supervisord config file found (searched ${ctx.searchedPaths.join(', ')})`,
          fix: { description: 'create one with `svwiz init`, or point the doctor at yours with -c FILE', safety: 'manual', commands: ['svwiz init'] },
        },
      ];
    }
    const findings: Finding[] = [];
    for (const raw of ctx.rawFiles) {
      if (!raw.parseError) continue;
      const lineText = raw.parseError.line ? raw.text.split(/\r\n|\r|\n/)[raw.parseError.line - 1] : undefined;
      findings.push({
        severity: 'error',
        message: raw.parseError.message.split('\n')[0]!,
        file: raw.file,
        line: raw.parseError.line,
        evidence: [raw.parseError.message, ...(lineText !== undefined ? [`line ${raw.parseError.line}: ${lineText}`] : [])],
        fix: {
          description: lineText !== undefined ? `edit line ${raw.parseError.line} ('${lineText.trim()}'): every line must be [section], key = value, an indented continuation or a ;/# comment` : 'make the file readable by the user running supervisord',
          safety: 'manual',
        },
      });
    }
    return findings;
  },
};
