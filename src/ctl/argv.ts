/**
 * svwizctl's command line, parsed the way supervisorctl 4.2.5 parses its own (Python getopt:
 * options stop at the first non-option word, short options cluster, long options may be
 * abbreviated to a unique prefix), plus svwizctl's own `--json`, `--no-color` and `-v/--version`
 * (supervisorctl rejects -v, so giving it svwiz's version takes no meaning away).
 * Pure: argv in, options out; errors are UsageError with getopt's message text.
 */
import { UsageError } from '../errors.js';
import { pythonRepr } from '../protocol/python-repr.js';

export interface CtlArgs {
  configFile?: string;
  serverUrl?: string;
  username?: string;
  password?: string;
  historyFile?: string;
  interactive: boolean;
  help: boolean;
  /** -v/--version: svwiz's own version; the `version` action still prints the server's API version. */
  version: boolean;
  json: boolean;
  noColor: boolean;
  /** The action and its arguments, still as separate words. */
  command: string[];
}

type OptionName = 'configFile' | 'serverUrl' | 'username' | 'password' | 'historyFile' | 'interactive' | 'help' | 'version' | 'json' | 'noColor';

interface OptionSpec {
  name: OptionName;
  short?: string;
  long?: string;
  takesValue: boolean;
}

const OPTIONS: OptionSpec[] = [
  { name: 'help', short: 'h', long: 'help', takesValue: false },
  { name: 'help', short: '?', takesValue: false },
  { name: 'configFile', short: 'c', long: 'configuration', takesValue: true },
  { name: 'interactive', short: 'i', long: 'interactive', takesValue: false },
  { name: 'serverUrl', short: 's', long: 'serverurl', takesValue: true },
  { name: 'username', short: 'u', long: 'username', takesValue: true },
  { name: 'password', short: 'p', long: 'password', takesValue: true },
  { name: 'historyFile', short: 'r', long: 'history_file', takesValue: true },
  { name: 'version', short: 'v', long: 'version', takesValue: false },
  { name: 'json', long: 'json', takesValue: false },
  { name: 'noColor', long: 'no-color', takesValue: false },
];

export function parseCtlArgs(argv: readonly string[]): CtlArgs {
  const result: CtlArgs = { interactive: false, help: false, version: false, json: false, noColor: false, command: [] };
  const seen = new Set<OptionName>();
  const assign = (spec: OptionSpec, shownAs: string, value: string | undefined): void => {
    if (!spec.takesValue) {
      (result[spec.name as 'interactive' | 'help' | 'version' | 'json' | 'noColor'] as boolean) = true;
      return;
    }
    // supervisorctl refuses the same valued option twice ("conflicting command line option").
    if (seen.has(spec.name)) throw new UsageError(`conflicting command line option '${shownAs}'`);
    seen.add(spec.name);
    if (spec.name === 'serverUrl') checkUrl(shownAs, value!);
    (result[spec.name as 'configFile' | 'serverUrl' | 'username' | 'password' | 'historyFile'] as string) = value!;
  };

  let index = 0;
  while (index < argv.length) {
    const word = argv[index];
    if (word === '--') {
      index += 1;
      break;
    }
    if (!word.startsWith('-') || word === '-') break;
    index += 1;
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const given = word.slice(2, eq === -1 ? undefined : eq);
      const spec = findLong(given);
      let value = eq === -1 ? undefined : word.slice(eq + 1);
      if (spec.takesValue) {
        if (value === undefined) {
          if (index >= argv.length) throw new UsageError(`option --${spec.long} requires argument`);
          value = argv[index++];
        }
      } else if (value !== undefined) {
        throw new UsageError(`option --${spec.long} must not have an argument`);
      }
      assign(spec, `--${spec.long}`, value);
      continue;
    }
    // A cluster of short options such as -ic FILE or -cFILE.
    for (let at = 1; at < word.length; at++) {
      const letter = word[at];
      const spec = OPTIONS.find((option) => option.short === letter);
      if (!spec) throw new UsageError(`option -${letter} not recognized`);
      if (!spec.takesValue) {
        assign(spec, `-${letter}`, undefined);
        continue;
      }
      let value = word.slice(at + 1);
      if (value === '') {
        if (index >= argv.length) throw new UsageError(`option -${letter} requires argument`);
        value = argv[index++];
      }
      assign(spec, `-${letter}`, value);
      break;
    }
  }
  result.command = argv.slice(index);
  return result;
}

function findLong(given: string): OptionSpec {
  const exact = OPTIONS.find((option) => option.long === given);
  if (exact) return exact;
  const candidates = OPTIONS.filter((option) => option.long?.startsWith(given));
  if (candidates.length === 0 || given === '') throw new UsageError(`option --${given} not recognized`);
  if (candidates.length > 1) throw new UsageError(`option --${given} not a unique prefix`);
  return candidates[0];
}

/** supervisorctl's `url` check: a scheme plus a host or a path. */
function checkUrl(shownAs: string, value: string): void {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(value);
  const rest = match?.[2] ?? '';
  const hasHostOrPath = rest.startsWith('//') ? rest.length > 2 : rest.length > 0;
  if (!match || !hasHostOrPath) {
    throw new UsageError(`invalid value for ${shownAs} ${pythonRepr(value)}: value ${pythonRepr(value)} is not a URL`);
  }
}

