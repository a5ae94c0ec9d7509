/** The order the daemons take each session in, per repetition (pure). */

/**
 * Rep 1 runs the daemons in the given order, rep 2 in the reverse, and so on. A session's first
 * daemon follows whatever the session before left behind (dirty pages, a freed page cache, a
 * CPU that just cooled down), and a fixed order gave that to svwizd in every rep. Alternating
 * also changes which daemon each one follows, which a rotation would not.
 */
export function daemonOrderForRep<T>(daemons: readonly T[], rep: number): T[] {
  return rep % 2 === 1 ? [...daemons] : [...daemons].reverse();
}
