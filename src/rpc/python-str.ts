/**
 * Python's str() of a decoded XML-RPC value, for the few Supervisor methods that accept any
 * type and echo it back in a fault string (e.g. `addProcessGroup(5)` → `BAD_NAME: 5`).
 */
import { XmlRpcDouble, type XmlRpcValue } from '../protocol/types.js';
import { pythonFloatRepr } from '../protocol/xmlrpc-codec.js';
import { pythonRepr } from '../protocol/python-repr.js';

/** An item inside a list or dict: strings as repr(), the rest as str(). */
function itemText(value: XmlRpcValue): string {
  return typeof value === 'string' ? pythonRepr(value) : pythonStr(value);
}

export function pythonStr(value: XmlRpcValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pythonFloatRepr(value);
  if (value instanceof XmlRpcDouble) return pythonFloatRepr(value.value);
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
  if (Buffer.isBuffer(value)) return `b'${value.toString('latin1')}'`;
  if (Array.isArray(value)) return `[${value.map(itemText).join(', ')}]`;
  return `{${Object.entries(value).map(([key, item]) => `${pythonRepr(key)}: ${itemText(item)}`).join(', ')}}`;
}

/**
 * A signal argument as Supervisor's signal_number() reads it: numbers (and booleans, which are
 * ints in Python) become their integer text; strings pass; anything else cannot be a signal.
 */
export function signalText(value: XmlRpcValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' && Number.isFinite(value)) return String(Math.trunc(value));
  throw new TypeError(`signal ${pythonStr(value)} is neither a name nor a number`);
}
