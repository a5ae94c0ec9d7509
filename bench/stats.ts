/** Summaries of repeated measurements: the table shows median (min–max) of every sample set. */

export interface Summary {
  median: number;
  min: number;
  max: number;
  count: number;
}

/** Median, min and max of the finite samples; undefined when there are none. */
export function summarize(samples: readonly number[]): Summary | undefined {
  const finite = samples.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return undefined;
  const middle = Math.floor(finite.length / 2);
  const median = finite.length % 2 === 1 ? finite[middle]! : (finite[middle - 1]! + finite[middle]!) / 2;
  return { median, min: finite[0]!, max: finite[finite.length - 1]!, count: finite.length };
}
