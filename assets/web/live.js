/**
 * The page's live connection: one EventSource on /api/events (see src/web/live-feed.ts), open
 * only while the tab is visible, so a phone in a pocket or a background tab costs the Pi nothing.
 * The browser reconnects by itself after a dropped connection; when it gives up (an HTTP error,
 * e.g. during a daemon restart), we open a new one with a growing delay.
 */
import { sameOriginUrl } from './rpc.js';

const EVENTS = ['processes', 'usage', 'history', 'host'];
const MAX_RETRY_MS = 10000;

export function createLiveStream(handlers) {
  let source;
  let retryTimer;
  let failures = 0;

  function close() {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    source?.close();
    source = undefined;
  }

  function open() {
    close();
    const current = new EventSource(sameOriginUrl('/api/events'));
    source = current;
    current.addEventListener('open', () => {
      failures = 0;
      handlers.onOpen?.();
    });
    for (const name of EVENTS) {
      current.addEventListener(name, (event) => {
        if (source === current) handlers[name]?.(JSON.parse(event.data));
      });
    }
    current.addEventListener('error', () => {
      if (source !== current) return;
      const closed = current.readyState === EventSource.CLOSED;
      handlers.onLost?.({ willRetry: true });
      if (closed) {
        failures += 1;
        retryTimer = setTimeout(open, Math.min(MAX_RETRY_MS, 500 * 2 ** failures));
      }
    });
  }

  document.addEventListener('visibilitychange', () => (document.hidden ? close() : open()));
  return {
    open() {
      if (!document.hidden) open();
    },
    close,
  };
}
