/**
 * Counters of what happened to each program since the daemon process started: children spawned
 * and exits, expected or not (issue 17, /metrics). Keyed by group and process name rather than held
 * by the SupervisedProcess, because reread/update replaces that object and a counter must never go
 * back; the bin hands one tally to every daemon life, so a SIGHUP restart keeps the counts too.
 * Written on spawns and exits only: an idle daemon does nothing here.
 */
export interface ProcessCounts {
  spawns: number;
  expectedExits: number;
  unexpectedExits: number;
}

export class ProcessTally {
  private readonly counts = new Map<string, ProcessCounts>();

  private entry(group: string, name: string): ProcessCounts {
    const key = `${group}\0${name}`;
    let counts = this.counts.get(key);
    if (!counts) {
      counts = { spawns: 0, expectedExits: 0, unexpectedExits: 0 };
      this.counts.set(key, counts);
    }
    return counts;
  }

  spawned(group: string, name: string): void {
    this.entry(group, name).spawns += 1;
  }

  exited(group: string, name: string, expected: boolean): void {
    const counts = this.entry(group, name);
    if (expected) counts.expectedExits += 1;
    else counts.unexpectedExits += 1;
  }

  /** The counts of one process (zeros for one never seen). */
  of(group: string, name: string): Readonly<ProcessCounts> {
    return this.counts.get(`${group}\0${name}`) ?? { spawns: 0, expectedExits: 0, unexpectedExits: 0 };
  }
}
