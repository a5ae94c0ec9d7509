/** Pure text operations of the log view: joining a re-opened stream onto what we have, trimming, searching. */

/** Longest k such that `text` ends with the first k characters of `chunk`. */
export function overlapLength(text, chunk) {
  const max = Math.min(text.length, chunk.length);
  for (let k = max; k > 0; k -= 1) {
    if (text.endsWith(chunk.slice(0, k))) return k;
  }
  return 0;
}

/**
 * A /logtail stream starts with the last ≤1024 bytes of the file, which we usually already have
 * from the history read: keep only what is new. A leading U+FFFD is half a character cut by the
 * byte window and belongs to text we already hold.
 */
export function joinFirstChunk(text, chunk) {
  const trimmed = chunk.replace(/^\uFFFD+/, '');
  if (!text) return chunk;
  return trimmed.slice(overlapLength(text, trimmed));
}

/** Keep memory bounded on a Pi: drop whole lines from the front beyond maxChars. */
export function trimToLimit(text, maxChars) {
  if (text.length <= maxChars) return text;
  const cut = text.length - Math.floor(maxChars * 0.75);
  const newline = text.indexOf('\n', cut);
  return newline < 0 ? text.slice(cut) : text.slice(newline + 1);
}

/** Lines containing `needle` (case-insensitive), each split into [text, isMatch] parts. */
export function searchLines(text, needle, maxLines = 2000) {
  const lower = needle.toLowerCase();
  const found = [];
  for (const line of text.split('\n')) {
    const lowerLine = line.toLowerCase();
    if (!lowerLine.includes(lower)) continue;
    const parts = [];
    let from = 0;
    for (let at = lowerLine.indexOf(lower); at >= 0; at = lowerLine.indexOf(lower, at + lower.length)) {
      if (at > from) parts.push([line.slice(from, at), false]);
      parts.push([line.slice(at, at + lower.length), true]);
      from = at + lower.length;
    }
    if (from < line.length) parts.push([line.slice(from), false]);
    found.push(parts);
  }
  return found.slice(-maxLines);
}

/** What the daemon's log tail sends when the file shrank (cleared, or truncated by someone else). */
export const TRUNCATION_NOTICE = '==> File truncated <==\n';

/** Text after the last truncation notice in a chunk, or undefined when the chunk has none. */
export function afterTruncation(chunk) {
  const at = chunk.lastIndexOf(TRUNCATION_NOTICE);
  return at < 0 ? undefined : chunk.slice(at + TRUNCATION_NOTICE.length);
}
