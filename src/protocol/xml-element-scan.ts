/**
 * A one-pass reader of the XML that XML-RPC documents are made of: elements (attributes are
 * skipped), text, XML's own entities and character references, CDATA, comments and processing
 * instructions. It builds the element tree the codec reads and refuses what is not well-formed
 * (mismatched or unclosed tags, a bare `&` or `<`, text or a second element outside the root).
 *
 * Why not fast-xml-parser, which reads requests: svwizctl decodes every reply it gets, and for
 * `status` of 100 programs (~110 kB, ~6,000 elements) the validator's pass plus the parser's
 * pass cost more CPU than the rest of the command (issue 18); this pass does both in a few
 * milliseconds. test/unit/rpc/xml-element-scan.test.ts holds it to the same trees and the same
 * refusals as the fast-xml-parser path.
 */
export interface XmlElement {
  tag: string;
  /** Text before the first child element (ElementTree's `text`); null when there is none. */
  text: string | null;
  children: XmlElement[];
}

export class XmlScanError extends Error {}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Only XML's own entities and character references: anything else is not well-formed XML. */
export function decodeEntities(raw: string): string {
  return raw.replace(/&([^;&\s]{0,12});/g, (whole, name: string) => {
    // hasOwn, not `in`: `&toString;` must be refused like any entity XML does not define.
    if (Object.hasOwn(NAMED_ENTITIES, name)) return NAMED_ENTITIES[name]!;
    const match = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(name);
    const codePoint = match ? parseInt(match[1] ?? match[2]!, match[1] ? 16 : 10) : NaN;
    if (!(codePoint > 0 && codePoint <= 0x10ffff)) throw new XmlScanError(`undefined entity ${whole}`);
    return String.fromCodePoint(codePoint);
  });
}

const NAME = /[A-Za-z_:][-\w.:]*/y;
// Attributes are skipped, as the codec ignores them; their syntax is still checked.
const ATTRIBUTES = /(?:\s+[A-Za-z_:][-\w.:]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*(\/?)>/y;

function fail(message: string, at: number): never {
  throw new XmlScanError(`${message} at character ${at}`);
}

/** The document's root element; `maxStringLength` bounds the text of any one element. */
export function scanXmlDocument(text: string, maxStringLength: number): XmlElement {
  const open: XmlElement[] = [];
  let root: XmlElement | undefined;
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
      if (raw.includes('&')) {
        if (/&(?![A-Za-z]+;|#[0-9]+;|#x[0-9A-Fa-f]+;)/.test(raw)) fail("'&' that starts no entity", at);
        appendText(decodeEntities(raw), at);
      } else {
        appendText(raw, at);
      }
    }
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4);
      if (close < 0) fail('unclosed comment', lt);
      at = close + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const close = text.indexOf(']]>', lt + 9);
      if (close < 0 || open.length === 0) fail(close < 0 ? 'unclosed CDATA section' : 'CDATA outside the root element', lt);
      appendText(text.slice(lt + 9, close), lt);
      at = close + 3;
    } else if (text.startsWith('<?', lt)) {
      const close = text.indexOf('?>', lt + 2);
      if (close < 0) fail('unclosed processing instruction', lt);
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
        ATTRIBUTES.lastIndex = afterName;
        const tail = ATTRIBUTES.exec(text);
        if (tail === null) fail(`malformed tag <${name}>`, lt);
        selfClosing = tail[1] === '/';
        at = ATTRIBUTES.lastIndex;
      }
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
