/**
 * A flag table (src/wizard/flag-table.ts) as commander options, in table order. commander stays
 * the parser: it applies the choices and the table's parsers, and reports a FlagValueError as
 * "option '--x <y>' argument 'z' is invalid. …", a usage error (exit 2).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { FlagValueError, type Flag, type FlagValues } from '../wizard/flag-table.js';

function optionOf(flag: Flag<unknown, string>): Option {
  const option = new Option(flag.flags, flag.description);
  if (flag.choices) option.choices(flag.choices);
  const parse = flag.parse;
  if (parse) {
    option.argParser((text: string, previous: unknown) => {
      try {
        return parse(text, previous);
      } catch (error) {
        throw error instanceof FlagValueError ? new InvalidArgumentError(error.message) : error;
      }
    });
  }
  if (flag.default !== undefined) option.default(flag.default);
  return option;
}

export function addFlags(command: Command, table: Record<string, Flag<unknown, string>>): Command {
  for (const [key, flag] of Object.entries(table)) {
    command.addOption(optionOf(flag));
    if (flag.negate) command.addOption(new Option(`--no-${flag.label.split(' ')[0]!.slice(2)}`, flag.negate));
    for (const alias of flag.aliases ?? []) {
      command.addOption(new Option(alias).hideHelp());
      const aliasOption = new Option(alias);
      command.on(`option:${aliasOption.name()}`, (value: unknown) => command.setOptionValueWithSource(key, value, 'cli'));
    }
  }
  return command;
}

/**
 * A subcommand of PARENT with TABLE's flags, whose handler (lazily imported inside RUN) gets the
 * typed values and returns the exit code.
 */
export function addTableCommand<T extends Record<string, Flag<unknown, string>>>(
  parent: Command,
  name: string,
  description: string,
  table: T,
  run: (options: FlagValues<T>) => Promise<number>,
): Command {
  return addFlags(parent.command(name).description(description), table).action(async (options: FlagValues<T>) => {
    process.exitCode = await run(options);
  });
}
