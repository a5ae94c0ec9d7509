/**
 * commander's parsed options narrowed to the keys a flow declares. commander has already parsed and
 * validated each value (argument parsers, choices); the flow must not see the other keys: add-program's
 * `--env KEY=VALUE` list is not the process environment that a flow's `env` option means.
 */
export function pickOptions<T extends object>(opts: Record<string, unknown>, keys: readonly (keyof T & string)[]): Partial<T> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (opts[key] !== undefined) picked[key] = opts[key];
  return picked as Partial<T>;
}
