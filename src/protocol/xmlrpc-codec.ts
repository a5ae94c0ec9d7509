/**
 * XML-RPC encoding and decoding, shaped like Python's xmlrpc.client.dumps on the way out (so
 * svwizd's replies are byte-compatible with supervisord's) and accepting what Supervisor's own
 * request loader accepts on the way in (reference §3.1). Both directions are read by svwiz's
 * one-pass reader (xml-element-scan.ts, issue 18) behind hard limits on body size, element
 * nesting, element count and string length, so hostile input costs one bounded pass and ends in an
 * XmlRpcParseError, never a crash.
 */
import { RpcFault } from './faults.js';
import { scanXmlDocument, XmlScanError, type XmlElement, type XmlScanLimits } from './xml-element-scan.js';
import { XmlRpcDouble, type XmlRpcValue } from './types.js';

/** The reader's own limits, and the size of the document before it is read. */
export interface XmlRpcLimits extends XmlScanLimits {
  /** Largest accepted document, in UTF-8 bytes. */
  maxBodyBytes: number;
}

/**
 * Requests (what svwizd accepts on /RPC2). Real clients' calls are a few hundred bytes
 * (supervisorctl's largest, a multicall of a few hundred small calls, ~100 KB); only
 * sendProcessStdin/sendRemoteCommEvent carry user data, and 1 MiB is plenty for those. Parsing
 * costs about a kilobyte per element, so 25,000 elements (a multicall of 1,500 getProcessInfo calls
 * has 20,000) bound one parse to ~25 MB (a 15 MB body used to cost 570 MB; issue 12).
 */
export const DEFAULT_REQUEST_LIMITS: XmlRpcLimits = {
  maxBodyBytes: 1024 * 1024,
  maxDepth: 100,
  maxStringLength: 1024 * 1024,
  maxElements: 25_000,
};

/** Responses (read by clients) may legitimately carry whole log files. */
export const DEFAULT_RESPONSE_LIMITS: XmlRpcLimits = {
  maxBodyBytes: 256 * 1024 * 1024,
  maxDepth: 100,
  maxStringLength: 256 * 1024 * 1024,
  maxElements: 100_000_000,
};

/** The document is not XML-RPC we accept; the server answers these with HTTP 400. */
export class XmlRpcParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlRpcParseError';
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding (the exact layout of Python's xmlrpc.client.Marshaller)

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

const NEEDS_ESCAPE = /[&<>]/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Most names and paths need no escaping: test once, replace only when needed (getAllProcessInfo of 500 programs escapes ~7000 strings). */
function escapeText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[&<>]/g, (char) => ESCAPES[char]!) : text;
}

/** Python's repr() of a float: shortest round-trip digits, exponent form outside 1e-4 ≤ |x| < 1e16. */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  if (exponent < -4 || exponent >= 16) {
    const rest = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const expSign = exponent < 0 ? '-' : '+';
    return `${sign}${digits[0]}${rest}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${intPart}.${fraction || '0'}`;
}

function formatIsoDate(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  );
}

/** Python's base64.encodebytes: lines of 76 characters, each ending in a newline. */
function encodeBase64Lines(data: Buffer): string {
  const text = data.toString('base64');
  let out = '';
  for (let i = 0; i < text.length; i += 76) out += `${text.slice(i, i + 76)}\n`;
  return out;
}

/** One value as Python's Marshaller lays it out. Built by concatenation: V8's string ropes make that far cheaper than joining ~30,000 pieces. */
function encodeValue(value: XmlRpcValue, depth: number): string {
  if (depth > 200) throw new TypeError('cannot marshal recursive or too deeply nested values');
  if (typeof value === 'string') return `<value><string>${escapeText(value)}</string></value>\n`;
  if (typeof value === 'boolean') return `<value><boolean>${value ? 1 : 0}</boolean></value>\n`;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return `<value><double>${pythonFloatRepr(value)}</double></value>\n`;
    // Python refuses ints outside int32 (OverflowError); supervisord then answers HTTP 500.
    if (value < INT32_MIN || value > INT32_MAX) throw new RangeError(`int exceeds XML-RPC limits: ${value}`);
    return `<value><int>${value}</int></value>\n`;
  }
  if (value instanceof XmlRpcDouble) return `<value><double>${pythonFloatRepr(value.value)}</double></value>\n`;
  if (value instanceof Date) return `<value><dateTime.iso8601>${formatIsoDate(value)}</dateTime.iso8601></value>\n`;
  if (Buffer.isBuffer(value)) return `<value><base64>\n${encodeBase64Lines(value)}</base64></value>\n`;
  if (Array.isArray(value)) {
    let text = '<value><array><data>\n';
    for (const item of value) text += encodeValue(item, depth + 1);
    return `${text}</data></array></value>\n`;
  }
  if (value !== null && typeof value === 'object') {
    let text = '<value><struct>\n';
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      text += `<member>\n<name>${escapeText(key)}</name>\n${encodeValue((value as Record<string, XmlRpcValue>)[key]!, depth + 1)}</member>\n`;
    }
    return text + '</struct></value>\n';
  }
  throw new TypeError(`cannot marshal ${value === null ? 'None' : typeof value} values`);
}

export function encodeMethodCall(method: string, params: XmlRpcValue[]): string {
  let text = `<?xml version='1.0'?>\n<methodCall>\n<methodName>${escapeText(method)}</methodName>\n<params>\n`;
  for (const param of params) text += `<param>\n${encodeValue(param, 0)}</param>\n`;
  return text + '</params>\n</methodCall>\n';
}

export function encodeMethodResponse(value: XmlRpcValue): string {
  return `<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n${encodeValue(value, 0)}</param>\n</params>\n</methodResponse>\n`;
}

export function encodeFault(code: number, faultString: string): string {
  return `<?xml version='1.0'?>\n<methodResponse>\n<fault>\n${encodeValue({ faultCode: code, faultString }, 0)}</fault>\n</methodResponse>\n`;
}

/** One pass of svwiz's own reader (src/protocol/xml-element-scan.ts, why there), both directions. */
function parseDocument(xml: string | Buffer, limits: XmlRpcLimits): XmlElement {
  const size = typeof xml === 'string' ? Buffer.byteLength(xml) : xml.length;
  if (size > limits.maxBodyBytes) throw new XmlRpcParseError(`document is larger than ${limits.maxBodyBytes} bytes`);
  let text: string;
  try {
    text = typeof xml === 'string' ? xml : new TextDecoder('utf-8', { fatal: true }).decode(xml);
  } catch {
    throw new XmlRpcParseError('document is not valid UTF-8');
  }
  // DTDs buy nothing for XML-RPC and are the door to entity-expansion attacks.
  if (/<!DOCTYPE/i.test(text)) throw new XmlRpcParseError('DOCTYPE is not allowed');
  // XML line-end normalisation, as every conforming parser (and Python's expat) does.
  text = text.replace(/\r\n?/g, '\n');
  try {
    return scanXmlDocument(text, limits);
  } catch (error) {
    if (!(error instanceof XmlScanError)) throw error;
    const limitOrEntity = /undefined entity|invalid character|longer than|nested deeper|more than \d+ elements/.test(error.message);
    throw new XmlRpcParseError(limitOrEntity ? error.message : `not well-formed XML: ${error.message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Scalars as Python's int()/float()/strptime read them

function parsePythonInt(text: string | null): number {
  const trimmed = (text ?? '').trim();
  if (!/^[+-]?\d(?:_?\d)*$/.test(trimmed)) throw new XmlRpcParseError(`invalid int ${JSON.stringify(text)}`);
  return Number(trimmed.replace(/_/g, ''));
}

function parsePythonFloat(text: string | null): number {
  const trimmed = (text ?? '').trim();
  if (/^[+-]?(inf|infinity)$/i.test(trimmed)) return trimmed.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(trimmed)) return NaN;
  const digits = String.raw`\d(?:_?\d)*`;
  const pattern = new RegExp(`^[+-]?(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:[eE][+-]?${digits})?$`);
  if (!pattern.test(trimmed)) throw new XmlRpcParseError(`invalid double ${JSON.stringify(text)}`);
  return Number(trimmed.replace(/_/g, ''));
}

function parseIsoDate(text: string | null): Date {
  const match = /^(\d{4})(\d{1,2})(\d{1,2})T(\d{1,2}):(\d{1,2}):(\d{1,2})$/.exec(text ?? '');
  if (!match) throw new XmlRpcParseError(`invalid dateTime.iso8601 ${JSON.stringify(text)}`);
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 61) {
    throw new XmlRpcParseError(`invalid dateTime.iso8601 ${JSON.stringify(text)}`);
  }
  return date;
}

function decodeBase64(text: string | null): Buffer {
  const compact = (text ?? '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new XmlRpcParseError('invalid base64');
  }
  return Buffer.from(compact, 'base64');
}

// ---------------------------------------------------------------------------------------------
// Requests, read the way Supervisor's loader reads them: every element's value is computed from
// its children, unknown elements yield their raw text, and the root element's name is not checked.

type Computed = XmlRpcValue | null;

interface RequestScan {
  method?: string | null;
  params?: Computed[];
  /** Each element's computed child values, so a struct reads its members' values without recomputing. */
  childValues: WeakMap<XmlElement, Computed[]>;
}

function computeRequestValue(element: XmlElement, found: RequestScan): Computed {
  const values = element.children.map((child) => computeRequestValue(child, found));
  found.childValues.set(element, values);
  const first = (): Computed => {
    if (values.length === 0) throw new XmlRpcParseError(`<${element.tag}> has no child element`);
    return values[0];
  };
  switch (element.tag) {
    case 'int':
    case 'i4':
      return parsePythonInt(element.text);
    case 'boolean':
      return element.text === '1';
    case 'string':
      return element.text ?? '';
    case 'double':
      return parsePythonFloat(element.text);
    case 'dateTime.iso8601':
      return parseIsoDate(element.text);
    case 'base64':
      // Supervisor hands base64 parameters to methods as (strict UTF-8) text.
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64(element.text));
      } catch (error) {
        if (error instanceof XmlRpcParseError) throw error;
        throw new XmlRpcParseError('base64 value is not UTF-8 text');
      }
    case 'array':
    case 'param':
      return first();
    case 'data':
      return values.map((value) => value ?? '');
    case 'struct': {
      const entries = element.children.map((member): [string, XmlRpcValue] => {
        if (member.children.length !== 2) throw new XmlRpcParseError('a struct <member> needs a <name> and a <value>');
        const memberValues = found.childValues.get(member) ?? [];
        return [member.children[0].text ?? '', memberValues[1] ?? ''];
      });
      return Object.fromEntries(entries);
    }
    case 'value':
      return element.children.length > 0 ? first() : (element.text ?? '');
    case 'methodName':
      found.method = element.text;
      return element.text;
    case 'params':
      found.params = values;
      return element.text;
    default:
      return element.text;
  }
}

export function decodeMethodCall(
  xml: string | Buffer,
  limits: Partial<XmlRpcLimits> = {},
): { methodName: string; params: XmlRpcValue[] } {
  const root = parseDocument(xml, { ...DEFAULT_REQUEST_LIMITS, ...limits });
  const found: RequestScan = { childValues: new WeakMap() };
  computeRequestValue(root, found);
  if (!found.method) throw new XmlRpcParseError('no <methodName> in the request');
  return { methodName: found.method, params: (found.params ?? []).map((value) => value ?? '') };
}

// ---------------------------------------------------------------------------------------------
// Responses, read the way Python's xmlrpc.client reads them (for svwizctl and tests).

function decodeResponseValue(element: XmlElement): XmlRpcValue {
  if (element.tag !== 'value') throw new XmlRpcParseError(`expected <value>, got <${element.tag}>`);
  const typed = element.children[0];
  if (typed === undefined) return element.text ?? '';
  switch (typed.tag) {
    case 'int':
    case 'i1':
    case 'i2':
    case 'i4':
    case 'i8':
    case 'biginteger':
      return parsePythonInt(typed.text);
    case 'boolean':
      if (typed.text === '1') return true;
      if (typed.text === '0') return false;
      throw new XmlRpcParseError(`bad boolean value ${JSON.stringify(typed.text)}`);
    case 'string':
      return typed.text ?? '';
    case 'double':
    case 'float':
      return parsePythonFloat(typed.text);
    case 'dateTime.iso8601':
      return parseIsoDate(typed.text);
    case 'base64':
      return decodeBase64(typed.text);
    case 'array': {
      const data = typed.children[0];
      if (data?.tag !== 'data') throw new XmlRpcParseError('<array> without <data>');
      return data.children.map(decodeResponseValue);
    }
    case 'struct': {
      const entries = typed.children.map((member): [string, XmlRpcValue] => {
        const name = member.children.find((child) => child.tag === 'name');
        const value = member.children.find((child) => child.tag === 'value');
        if (member.tag !== 'member' || !name || !value) throw new XmlRpcParseError('malformed struct <member>');
        return [name.text ?? '', decodeResponseValue(value)];
      });
      return Object.fromEntries(entries);
    }
    default:
      throw new XmlRpcParseError(`unsupported XML-RPC type <${typed.tag}>`);
  }
}

/** The value of a <methodResponse>; a <fault> is thrown as RpcFault with the server's code and text. */
export function decodeMethodResponse(xml: string | Buffer, limits: Partial<XmlRpcLimits> = {}): XmlRpcValue {
  const root = parseDocument(xml, { ...DEFAULT_RESPONSE_LIMITS, ...limits });
  if (root.tag !== 'methodResponse') throw new XmlRpcParseError(`expected <methodResponse>, got <${root.tag}>`);
  const body = root.children[0];
  if (body?.tag === 'fault') {
    const fault = body.children[0] ? decodeResponseValue(body.children[0]) : undefined;
    if (fault === undefined || typeof fault !== 'object' || Array.isArray(fault) || fault instanceof Date || Buffer.isBuffer(fault)) {
      throw new XmlRpcParseError('malformed <fault>');
    }
    const record = fault as Record<string, XmlRpcValue>;
    throw RpcFault.fromWire(Number(record.faultCode), String(record.faultString ?? ''));
  }
  if (body?.tag !== 'params') throw new XmlRpcParseError('<methodResponse> without <params> or <fault>');
  const param = body.children[0];
  const value = param?.children[0];
  if (param?.tag !== 'param' || !value) throw new XmlRpcParseError('<params> without a <param><value>');
  return decodeResponseValue(value);
}
