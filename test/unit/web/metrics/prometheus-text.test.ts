import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatValue, renderPrometheusText } from '../../../../src/web/metrics/prometheus-text.js';
import { parseExposition } from '../../../helpers/prometheus-scrape.js';

describe('renderPrometheusText', () => {
  it('writes HELP, TYPE and samples, and leaves out families without samples', () => {
    const text = renderPrometheusText([
      { name: 'a_total', help: 'A counter.', type: 'counter', samples: [{ labels: { x: '1' }, value: 3 }] },
      { name: 'empty', help: 'Nothing.', type: 'gauge', samples: [] },
      { name: 'b', help: 'A gauge.', type: 'gauge', samples: [{ value: 0.5 }] },
    ]);
    assert.equal(text, '# HELP a_total A counter.\n# TYPE a_total counter\na_total{x="1"} 3\n# HELP b A gauge.\n# TYPE b gauge\nb 0.5\n');
  });

  it('escapes label values and help so a real parser reads them back unchanged', () => {
    const tricky = 'back\\slash "quoted"\nnext line';
    const text = renderPrometheusText([{ name: 'c', help: 'help with \\ and\nnewline', type: 'gauge', samples: [{ labels: { name: tricky }, value: 1 }] }]);
    const parsed = parseExposition(text);
    assert.equal(parsed.get('c')?.samples[0]?.labels.name, tricky);
    assert.equal(parsed.get('c')?.type, 'GAUGE');
  });

  it('spells special numbers as Prometheus does', () => {
    assert.deepEqual([NaN, Infinity, -Infinity, 1e21, -2].map(formatValue), ['NaN', '+Inf', '-Inf', '1e+21', '-2']);
  });

  it('refuses metric and label names the format cannot carry (a bug in the model, not input)', () => {
    assert.throws(() => renderPrometheusText([{ name: 'bad-name', help: '', type: 'gauge', samples: [{ value: 1 }] }]), /invalid metric name/);
    assert.throws(() => renderPrometheusText([{ name: 'ok', help: '', type: 'gauge', samples: [{ labels: { 'a-b': 'x' }, value: 1 }] }]), /invalid label name/);
    assert.throws(() => renderPrometheusText([{ name: 'ok', help: '', type: 'gauge', samples: [{ labels: { __name__: 'x' }, value: 1 }] }]), /invalid label name/);
  });

  it('renders nothing at all for no samples', () => {
    assert.equal(renderPrometheusText([]), '');
  });
});
