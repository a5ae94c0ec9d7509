/**
 * Prometheus text parsed by a real third-party parser (parse-prometheus-text-format, prom2json's
 * output shape), indexed for assertions: family → type and samples.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export interface ScrapedFamily {
  type: string;
  help: string;
  samples: { labels: Record<string, string>; value: number }[];
}

export function parseExposition(text: string): Map<string, ScrapedFamily> {
  const families = new Map<string, ScrapedFamily>();
  for (const family of parsePrometheusTextFormat(text)) {
    families.set(family.name, {
      type: family.type,
      help: family.help,
      samples: family.metrics.map((metric) => ({ labels: metric.labels ?? {}, value: Number(metric.value) })),
    });
  }
  return families;
}

/** The value of the one sample whose labels include `labels`; throws when there is not exactly one. */
export function sampleValue(families: Map<string, ScrapedFamily>, name: string, labels: Record<string, string> = {}): number {
  const family = families.get(name);
  if (!family) throw new Error(`no family ${name} in the scrape`);
  const matches = family.samples.filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  if (matches.length !== 1) throw new Error(`${matches.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return matches[0]!.value;
}
