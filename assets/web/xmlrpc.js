/**
 * A small XML-RPC codec for the browser: enough of the spec for Supervisor's methods (int,
 * boolean, string, double, array, struct; base64/dateTime/nil read but never sent). Responses are
 * parsed with DOMParser and never inserted into the page, so no markup from the daemon can run.
 */

export class RpcFault extends Error {
  constructor(code, text) {
    super(text);
    this.name = 'RpcFault';
    this.code = code;
    this.text = text;
  }
}

function escapeXml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function encodeValue(value) {
  if (typeof value === 'string') return `<value><string>${escapeXml(value)}</string></value>`;
  if (typeof value === 'boolean') return `<value><boolean>${value ? 1 : 0}</boolean></value>`;
  if (typeof value === 'number') {
    return Number.isInteger(value) ? `<value><int>${value}</int></value>` : `<value><double>${value}</double></value>`;
  }
  if (Array.isArray(value)) return `<value><array><data>${value.map(encodeValue).join('')}</data></array></value>`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(
      ([name, member]) => `<member><name>${escapeXml(name)}</name>${encodeValue(member)}</member>`,
    );
    return `<value><struct>${members.join('')}</struct></value>`;
  }
  throw new TypeError(`cannot encode ${String(value)} as XML-RPC`);
}

export function encodeCall(method, params = []) {
  const body = params.map((param) => `<param>${encodeValue(param)}</param>`).join('');
  return `<?xml version="1.0"?><methodCall><methodName>${escapeXml(method)}</methodName><params>${body}</params></methodCall>`;
}

function elementChildren(node) {
  return Array.from(node.childNodes).filter((child) => child.nodeType === 1);
}

function decodeValue(valueElement) {
  const [typed] = elementChildren(valueElement);
  if (!typed) return valueElement.textContent ?? '';
  const text = typed.textContent ?? '';
  switch (typed.localName) {
    case 'int':
    case 'i4':
    case 'i8':
      return Number.parseInt(text, 10);
    case 'double':
      return Number.parseFloat(text);
    case 'boolean':
      return text.trim() === '1';
    case 'string':
      return text;
    case 'nil':
      return null;
    case 'dateTime.iso8601':
      return text;
    case 'base64':
      return atob(text.replace(/\s+/g, ''));
    case 'array': {
      const [data] = elementChildren(typed);
      return data ? elementChildren(data).map(decodeValue) : [];
    }
    case 'struct': {
      const result = {};
      for (const member of elementChildren(typed)) {
        const name = elementChildren(member).find((child) => child.localName === 'name');
        const value = elementChildren(member).find((child) => child.localName === 'value');
        if (name && value) result[name.textContent ?? ''] = decodeValue(value);
      }
      return result;
    }
    default:
      throw new Error(`unsupported XML-RPC type <${typed.localName}>`);
  }
}

/** The value of a methodResponse; a fault is thrown as RpcFault. */
export function decodeResponse(xmlText) {
  const doc = new DOMParser().parseFromString(xmlText, 'text/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) throw new Error('unreadable XML-RPC response');
  const root = doc.documentElement;
  if (root.localName !== 'methodResponse') throw new Error(`unexpected XML-RPC root <${root.localName}>`);
  const [body] = elementChildren(root);
  if (body?.localName === 'fault') {
    const [value] = elementChildren(body);
    const fault = value ? decodeValue(value) : {};
    throw new RpcFault(Number(fault.faultCode), String(fault.faultString ?? 'unknown fault'));
  }
  const value = body?.getElementsByTagName('value')[0];
  if (!value) throw new Error('XML-RPC response without a value');
  return decodeValue(value);
}

/** One element of a system.multicall answer: a fault struct becomes an RpcFault instance. */
export function multicallItem(item) {
  if (item && typeof item === 'object' && !Array.isArray(item) && 'faultCode' in item && 'faultString' in item) {
    return new RpcFault(Number(item.faultCode), String(item.faultString));
  }
  return item;
}
