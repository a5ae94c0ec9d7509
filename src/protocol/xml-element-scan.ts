/**
 * The one reader of XML in svwiz (issue 18): svwizd's requests and svwizctl's replies. One pass
 * over the elements XML-RPC documents are made of (attribute values are checked, then dropped),
 * text, XML's own entities and character references, CDATA, comments and processing
 * instructions. It builds the element tree the codec reads, refuses what expat refuses as not
 * well-formed (mismatched or unclosed tags, a bare `&` or `<`, `]]>` in text, `--` in a comment,
 * a repeated attribute, an XML declaration after the start, text or a second element outside the
 * root), and stops at the caller's limits on nesting, element count and text length while it
 * reads, so a hostile document costs one bounded pass.
 *
 * Held to expat by test/unit/rpc/xml-element-scan.test.ts (replies, Python's xmlrpc.client) and
 * test/unit/rpc/xml-request-oracle.test.ts (requests, Supervisor's own loader), which also list
 * where it is knowingly more lenient: raw control characters and namespace prefixes.
 *
 * Why our own: fast-xml-parser's validator pass plus its parser's pass cost more CPU than the
 * rest of `svwizctl status` (100 programs, ~6,000 elements) and than the rest of a getAllProcessInfo
 * call in the daemon; this pass does both in a few milliseconds.
 */
export interface XmlElement {
  tag: string;
  /** Text before the first child element (ElementTree's `text`); null when there is none. */
  text: string | null;
  children: XmlElement[];
}

export class XmlScanError extends Error {}

export interface XmlScanLimits {
  /** Deepest accepted element nesting (methodCall/params/param/value is already 4). */
  maxDepth: number;
  /** Longest accepted text of a single element, in characters. */
  maxStringLength: number;
  /** Most elements in the document: each parsed element costs about a kilobyte of transient memory. */
  maxElements: number;
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML 1.0's Char: what a character reference may name (expat refuses `&#1;` and lone surrogates). */
function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/** Only XML's own entities and character references: anything else is not well-formed XML. */
function decodeEntities(raw: string): string {
  return raw.replace(/&([^;&\s]{0,12});/g, (whole, name: string) => {
    // hasOwn, not `in`: `&toString;` must be refused like any entity XML does not define.
    if (Object.hasOwn(NAMED_ENTITIES, name)) return NAMED_ENTITIES[name]!;
    const match = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(name);
    const codePoint = match ? parseInt(match[1] ?? match[2]!, match[1] ? 16 : 10) : NaN;
    if (!isXmlChar(codePoint)) throw new XmlScanError(match ? `reference to invalid character ${whole}` : `undefined entity ${whole}`);
    return String.fromCodePoint(codePoint);
  });
}

// XML 1.0 (fifth edition) names: NameStartChar, then NameChar.
const NAME_START = String.raw`:A-Z_a-z\u{C0}-\u{D6}\u{D8}-\u{F6}\u{F8}-\u{2FF}\u{370}-\u{37D}\u{37F}-\u{1FFF}\u{200C}-\u{200D}\u{2070}-\u{218F}\u{2C00}-\u{2FEF}\u{3001}-\u{D7FF}\u{F900}-\u{FDCF}\u{FDF0}-\u{FFFD}\u{10000}-\u{EFFFF}`;
const NAME_REST = String.raw`${NAME_START}\-.0-9\u{B7}\u{300}-\u{36F}\u{203F}-\u{2040}`;
const NAME = new RegExp(`[${NAME_START}][${NAME_REST}]*`, 'uy');
// One attribute (the codec ignores attributes; their syntax is still checked), then the tag's end.
const ATTRIBUTE = new RegExp(`\\s+([${NAME_START}][${NAME_REST}]*)\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'uy');
const TAG_END = /\s*(\/?)>/y;
const AMPERSAND_WITHOUT_ENTITY = /&(?![A-Za-z:_][^;&\s<]{0,11};|#[0-9]+;|#x[0-9A-Fa-f]+;)/;

/** Text or an attribute value with its entities replaced; a bare `&` or an unknown entity is refused. */
function decodeText(raw: string, at: number): string {
  if (!raw.includes('&')) return raw;
  if (AMPERSAND_WITHOUT_ENTITY.test(raw)) fail("'&' that starts no entity", at);
  return decodeEntities(raw);
}

/** Checks the attributes from `from` to the tag's `>`; returns where the tag ends and whether it is `<x/>`. */
function scanAttributes(text: string, from: number, tag: string, lt: number): { end: number; selfClosing: boolean } {
  const seen = new Set<string>();
  let at = from;
  for (;;) {
    TAG_END.lastIndex = at;
    const end = TAG_END.exec(text);
    if (end) return { end: TAG_END.lastIndex, selfClosing: end[1] === '/' };
    ATTRIBUTE.lastIndex = at;
    const attribute = ATTRIBUTE.exec(text);
    if (attribute === null) fail(`malformed tag <${tag}>`, lt);
    const name = attribute[1]!;
    if (seen.has(name)) fail(`attribute ${name} repeated in <${tag}>`, lt);
    seen.add(name);
    decodeText(attribute[2] ?? attribute[3] ?? '', at);
    at = ATTRIBUTE.lastIndex;
  }
}

function fail(message: string, at: number): never {
  throw new XmlScanError(`${message} at character ${at}`);
}

/** The document's root element, read within `limits`. */
export function scanXmlDocument(text: string, limits: XmlScanLimits): XmlElement {
  const { maxStringLength, maxDepth, maxElements } = limits;
  const open: XmlElement[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  // Text after an element's first child is ElementTree's `tail`, which nobody reads.
  const appendText = (piece: string, at: number) => {
    const current = open[open.length - 1];
    if (current === undefined) {
      if (piece.trim() !== '') fail('text outside the root element', at);
      return;
    }
    if (current.children.length > 0) return;
    current.text = (current.text ?? '') + piece;
    if (current.text.length > maxStringLength) fail(`text of <${current.tag}> is longer than ${maxStringLength} characters`, at);
  };
  let at = 0;
  while (at < text.length) {
    const lt = text.indexOf('<', at);
    const end = lt < 0 ? text.length : lt;
    if (end > at) {
      const raw = text.slice(at, end);
      if (raw.includes(']]>')) fail("']]>' in text", at);
      appendText(decodeText(raw, at), at);
    }
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const dashes = text.indexOf('--', lt + 4);
      if (dashes < 0) fail('unclosed comment', lt);
      if (text.charCodeAt(dashes + 2) !== 0x3e /* > */) fail("'--' inside a comment", dashes);
      at = dashes + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const close = text.indexOf(']]>', lt + 9);
      if (close < 0 || open.length === 0) fail(close < 0 ? 'unclosed CDATA section' : 'CDATA outside the root element', lt);
      appendText(text.slice(lt + 9, close), lt);
      at = close + 3;
    } else if (text.startsWith('<?', lt)) {
      const close = text.indexOf('?>', lt + 2);
      if (close < 0) fail('unclosed processing instruction', lt);
      NAME.lastIndex = lt + 2;
      const target = NAME.exec(text)?.[0];
      if (target === undefined) fail('processing instruction without a target', lt);
      // `<?xml …?>` is the XML declaration, allowed only as the document's very first thing.
      if (target.toLowerCase() === 'xml' && lt !== 0) fail('XML declaration not at the start of the document', lt);
      at = close + 2;
    } else if (text.charCodeAt(lt + 1) === 0x2f /* / */) {
      // The common case first, without a regular expression: `</tag>` of the open element.
      const current = open[open.length - 1];
      if (current && text.startsWith(current.tag, lt + 2) && text.charCodeAt(lt + 2 + current.tag.length) === 0x3e /* > */) {
        open.pop();
        at = lt + 3 + current.tag.length;
        continue;
      }
      NAME.lastIndex = lt + 2;
      const name = NAME.exec(text)?.[0];
      const close = text.indexOf('>', lt);
      if (name === undefined || close < 0 || text.slice(lt + 2 + name.length, close).trim() !== '') fail('malformed closing tag', lt);
      if (current?.tag !== name) fail(`closing tag </${name}> does not match ${current ? `<${current.tag}>` : 'any open tag'}`, lt);
      open.pop();
      at = close + 1;
    } else {
      NAME.lastIndex = lt + 1;
      const name = NAME.exec(text)?.[0];
      if (name === undefined) fail("'<' that starts no tag", lt);
      const afterName = lt + 1 + name.length;
      let selfClosing: boolean;
      if (text.charCodeAt(afterName) === 0x3e /* > */) {
        selfClosing = false;
        at = afterName + 1;
      } else {
        const tag = scanAttributes(text, afterName, name, lt);
        selfClosing = tag.selfClosing;
        at = tag.end;
      }
      elements += 1;
      if (elements > maxElements) fail(`more than ${maxElements} elements`, lt);
      if (open.length + 1 > maxDepth) fail(`elements nested deeper than ${maxDepth}`, lt);
      const element: XmlElement = { tag: name, text: null, children: [] };
      const parent = open[open.length - 1];
      if (parent) parent.children.push(element);
      else if (root) fail('a second root element', lt);
      else root = element;
      if (!selfClosing) open.push(element);
    }
  }
  if (open.length > 0) fail(`unclosed <${open[open.length - 1]!.tag}>`, text.length);
  if (!root) fail('no root element', text.length);
  return root;
}
