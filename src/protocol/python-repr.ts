/**
 * Python 3's repr() of a str and of bytes: Supervisor's `%r` in spawn errors, supervisorctl's
 * Fault and usage lines, and `Undecodable: b'…'` for child output that is not UTF-8 (event
 * payloads, the main log's debug mirror); scripts match on those lines.
 */

/** Quotes as repr() chooses them; escapes backslash, the quote, \n \r \t, and C0/C1 controls as \xNN. */
export function pythonRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === quote) out += `\\${quote}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out + quote;
}

/**
 * Child output as Supervisor shows it: `data.decode('utf-8')` (strict; a leading BOM is kept, as
 * Python keeps it), else `Undecodable: b'…'`.
 */
export function decodeOutput(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data);
  } catch {
    return `Undecodable: ${pythonBytesRepr(data)}`;
  }
}

/** Python's repr() of a bytes object, e.g. b'caf\xc3' (quotes chosen as Python chooses them). */
export function pythonBytesRepr(data: Buffer): string {
  const hasSingle = data.includes(0x27);
  const quote = hasSingle && !data.includes(0x22) ? '"' : "'";
  let out = 'b' + quote;
  for (const byte of data) {
    if (byte === quote.charCodeAt(0) || byte === 0x5c) out += '\\' + String.fromCharCode(byte);
    else if (byte === 0x09) out += '\\t';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte < 0x20 || byte >= 0x7f) out += '\\x' + byte.toString(16).padStart(2, '0');
    else out += String.fromCharCode(byte);
  }
  return out + quote;
}
