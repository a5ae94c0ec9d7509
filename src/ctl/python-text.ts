/**
 * Python's text for the error lines supervisorctl prints verbatim (Fault and ProtocolError
 * reprs): scripts written against supervisorctl match on these lines, so we reproduce them.
 */
import { pythonRepr } from '../protocol/python-repr.js';

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
