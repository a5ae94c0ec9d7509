/**
 * Python's text for values supervisorctl prints verbatim (str repr, Fault and ProtocolError
 * reprs): scripts written against supervisorctl match on these lines, so we reproduce them.
 */

/** Python 3's repr() of a str. */
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

/** supervisorctl's catch-all line for an exception it did not expect, without Python's file/line. */
export function pythonErrorLine(className: string, message: string): string {
  return `error: <class '${className}'>, ${message}`;
}

export function faultErrorLine(faultCode: number, faultString: string): string {
  return pythonErrorLine('xmlrpc.client.Fault', `<Fault ${faultCode}: ${pythonRepr(faultString)}>`);
}

export function protocolErrorLine(status: number, reason: string): string {
  // supervisorctl's transport always names the fake host 127.0.0.1 and the handler /RPC2.
  return pythonErrorLine('xmlrpc.client.ProtocolError', `<ProtocolError for 127.0.0.1/RPC2: ${status} ${reason}>`);
}
