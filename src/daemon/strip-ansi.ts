/**
 * `strip_ansi=true`: Supervisor's stripEscapes, byte for byte: from each `ESC [` drop everything
 * up to and including the next terminator letter. Per chunk, like Supervisor (an escape split
 * across two reads is not recognised there either).
 */
const ESC = 0x1b;
const BRACKET = 0x5b;
const TERMINATORS = new Set([...'HfABCDRsuJKhlpm'].map((ch) => ch.charCodeAt(0)));

export function stripAnsiEscapes(data: Buffer): Buffer {
  if (!data.includes(ESC)) return data;
  const out = Buffer.allocUnsafe(data.length);
  let length = 0;
  let inEscape = false;
  for (let i = 0; i < data.length; i++) {
    const byte = data[i]!;
    if (inEscape) {
      if (TERMINATORS.has(byte)) inEscape = false;
      continue;
    }
    if (byte === ESC && data[i + 1] === BRACKET) {
      inEscape = true;
      i++;
      continue;
    }
    out[length++] = byte;
  }
  return out.subarray(0, length);
}
