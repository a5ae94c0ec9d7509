/**
 * GET /metrics: collect (metrics-collect.ts), build (metrics-model.ts), render
 * (prometheus-text.ts), answer. Everything happens inside the request; between scrapes nothing
 * runs. Auth is the RPC server's: Basic auth like every path, unless the server's section says
 * `metrics_auth = false` (see rpc/http-handler.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendText } from '../security-headers.js';
import { collectDaemonSnapshot, type CollectOptions, type MetricsSupervisor } from './metrics-collect.js';
import { buildMetricFamilies } from './metrics-model.js';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheusText } from './prometheus-text.js';

export function answerMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  supervisor: MetricsSupervisor | undefined,
  options: CollectOptions,
): void {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    sendText(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
    return;
  }
  if (!supervisor) {
    // Between two lives of the daemon (a restart) there is no supervisor to read for a moment.
    sendText(res, 503, 'svwizd is starting; no metrics yet\n', { 'Retry-After': '1' });
    return;
  }
  const body = renderPrometheusText(buildMetricFamilies(collectDaemonSnapshot(supervisor, options)));
  // Node leaves the body out of a HEAD answer by itself.
  sendText(res, 200, body, { 'Content-Type': PROMETHEUS_CONTENT_TYPE });
}
