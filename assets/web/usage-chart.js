/**
 * Tiny inline-SVG sparklines of a process's CPU and memory over the last minutes: one polyline,
 * no chart library, presentation attributes only (the CSP allows no inline style).
 */

export const CHART_WINDOW_MS = 5 * 60 * 1000;
/** A young history is spread over at least this much, not squeezed into the right edge of 5 minutes. */
export const MIN_WINDOW_MS = 60 * 1000;
const SVG = 'http://www.w3.org/2000/svg';

/**
 * The polyline points of values over time, right-aligned on `now`: x by time across the window
 * (the last 5 minutes, or the history's own span when shorter, but at least a minute), y from 0
 * (bottom) to `max` (top, at least the largest value). Pure, for tests.
 */
export function sparklinePoints(points, { now, windowMs = CHART_WINDOW_MS, width, height, max = 0 }) {
  const inWindow = points.filter((point) => point.at >= now - windowMs && point.at <= now);
  if (inWindow.length === 0) return '';
  const span = Math.min(windowMs, Math.max(MIN_WINDOW_MS, now - inWindow[0].at));
  return plot(inWindow, { now, span, width, height, max });
}

function plot(visible, { now, span: windowMs, width, height, max }) {
  const top = Math.max(max, ...visible.map((point) => point.value)) || 1;
  const pad = 1;
  const coords = visible.map((point) => {
    const x = width - ((now - point.at) / windowMs) * width;
    const y = height - pad - (point.value / top) * (height - 2 * pad);
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  // A single sample is drawn as a short flat line so it is visible at all.
  if (coords.length === 1) coords.unshift(`${Math.max(0, Number(coords[0].split(',')[0]) - 3).toFixed(1)},${coords[0].split(',')[1]}`);
  return coords.join(' ');
}

/** An <svg> sparkline element with a text alternative; update it with setSparkline. */
export function createSparkline(kind, label) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', `spark spark-${kind}`);
  svg.setAttribute('viewBox', '0 0 80 20');
  svg.setAttribute('width', '80');
  svg.setAttribute('height', '20');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('preserveAspectRatio', 'none');
  const frame = document.createElementNS(SVG, 'rect');
  frame.setAttribute('class', 'spark-frame');
  frame.setAttribute('width', '80');
  frame.setAttribute('height', '20');
  frame.setAttribute('rx', '2');
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke-width', '1.5');
  line.setAttribute('vector-effect', 'non-scaling-stroke');
  svg.append(frame, line);
  return svg;
}

export function setSparkline(svg, points, { now, max, label }) {
  svg.lastChild.setAttribute('points', sparklinePoints(points, { now, width: 80, height: 20, max }));
  svg.setAttribute('aria-label', label);
}
