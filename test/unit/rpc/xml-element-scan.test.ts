// Responses are read by svwiz's own one-pass XML reader (src/protocol/xml-element-scan.ts), as
// requests are: Python's xmlrpc.client (expat) is the oracle for what it must accept, what it must
// refuse, and the values it must produce (requests: xml-request-oracle.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { decodeMethodResponse, encodeMethodResponse, XmlRpcParseError } from '../../../src/protocol/xmlrpc-codec.js';
import { scanXmlDocument } from '../../../src/protocol/xml-element-scan.js';
import { RpcFault } from '../../../src/protocol/faults.js';
import { XmlRpcDouble } from '../../../src/protocol/types.js';

const DEBIAN_PYTHON = '/usr/bin/python3';

/** Each document through xmlrpc.client.loads: its value as JSON (bytes and datetimes tagged), a fault, or an error. */
function pythonLoads(documents: string[]): unknown[] {
  const script = `import json, sys, base64, datetime, xmlrpc.client as x
def plain(v):
    if isinstance(v, bytes): return {'$bytes': base64.b64encode(v).decode()}
    if isinstance(v, datetime.datetime): return {'$date': v.strftime('%Y-%m-%dT%H:%M:%S')}
    if isinstance(v, list): return [plain(i) for i in v]
    if isinstance(v, dict): return {k: plain(i) for k, i in v.items()}
    return v
out = []
for doc in json.load(sys.stdin):
    try:
        (v,), _ = x.loads(doc, use_builtin_types=True)
        out.append({'value': plain(v)})
    except x.Fault as f:
        out.append({'fault': [f.faultCode, f.faultString]})
    except Exception as e:
        out.append({'error': type(e).__name__})
json.dump(out, sys.stdout)`;
  return JSON.parse(execFileSync(DEBIAN_PYTHON, ['-c', script], { input: JSON.stringify(documents), encoding: 'utf8' })) as unknown[];
}

function ours(document: string): unknown {
  const plain = (v: unknown): unknown => {
    if (Buffer.isBuffer(v)) return { $bytes: v.toString('base64') };
    if (v instanceof Date) return { $date: v.toISOString().slice(0, 19) };
    if (Array.isArray(v)) return v.map(plain);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, i]) => [k, plain(i)]));
    return v;
  };
  try {
    return { value: plain(decodeMethodResponse(document)) };
  } catch (error) {
    if (error instanceof RpcFault) return { fault: [error.faultCode, error.faultString] };
    if (error instanceof XmlRpcParseError) return { error: 'refused' };
    throw error;
  }
}

const wrap = (valueXml: string) => `<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value>${valueXml}</value>\n</param>\n</params>\n</methodResponse>\n`;

const ACCEPTED = [
  encodeMethodResponse([
    { name: 'cat<&>"\'', pid: 1234, ok: true, no: false, ratio: 0.25, whole: new XmlRpcDouble(3), text: 'é ✓ \u{1F600}', empty: '' },
    [[], {}, [1, [2, [3]]]],
    new Date(Date.UTC(2026, 10, 24, 8, 5, 9)),
    Buffer.from([0, 1, 2, 255]),
  ]),
  wrap('plain text &amp; &#60;&#x3e; refs'),
  wrap('<string/>'),
  wrap(''),
  wrap('<string><![CDATA[<not> &a tag]]></string>'),
  wrap('<string>a<!-- a comment -->b</string>'),
  wrap('<struct>\n  <member>\n    <name>k</name>\n    <value><int> 7 </int></value>\n  </member>\n</struct>'),
  wrap('<array><data>\n<value><i4>1</i4></value>\n<value><boolean>0</boolean></value>\n</data></array>'),
  `<?xml version="1.0" encoding="utf-8"?><!-- before --><methodResponse ><params><param><value a="1" b='2'><string>x</string></value></param></params></methodResponse ><?pi after?>\n`,
  '<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>70</int></value></member><member><name>faultString</name><value><string>NOT_RUNNING: cat</string></value></member></struct></value></fault></methodResponse>',
];

const REFUSED = [
  wrap('<string>unclosed</value>'),
  wrap('<string>a</strin>'),
  wrap('bare & ampersand'),
  wrap('&undefined;'),
  wrap('&toString;'),
  wrap('&__proto__;'),
  wrap('<string>a < b</string>'),
  wrap('<string x>bad attribute</string>'),
  wrap('<string>a<!-- unclosed comment</string>'),
  wrap('<string><![CDATA[unclosed</string>'),
  `${wrap('<int>1</int>')}<methodResponse/>`,
  `text before${wrap('<int>1</int>')}`,
  '<methodResponse><params><param><value><int>1</int></value></param></params>',
  '',
  wrap('<string>a ]]> b</string>'),
  wrap('<string>a<!-- x -- y -->b</string>'),
  wrap('<string a="1" a="2">x</string>'),
  wrap('<string a="&">x</string>'),
  wrap('<string a="&nope;">x</string>'),
  wrap('&#1;'),
  wrap('&#xD800;'),
  wrap('<string>x</string><?xml version="1.0"?>'),
  ` ${wrap('<int>1</int>')}`,
  wrap('<1a>x</1a>'),
  wrap('<? no-target ?>'),
];

test('responses: every value and fault decodes as xmlrpc.client reads it', () => {
  const expected = pythonLoads(ACCEPTED);
  ACCEPTED.forEach((document, i) => assert.deepEqual(ours(document), expected[i], document));
});

test('responses that are not well-formed XML are refused, as expat refuses them', () => {
  const expected = pythonLoads(REFUSED);
  REFUSED.forEach((document, i) => {
    assert.ok(typeof expected[i] === 'object' && expected[i] !== null && 'error' in expected[i], `Python accepts ${JSON.stringify(document)}`);
    assert.deepEqual(ours(document), { error: 'refused' }, document);
  });
});

const LIMITS = { maxStringLength: 10, maxDepth: 3, maxElements: 5 };

test('scanXmlDocument: text before the first child only, and the limits while it reads', () => {
  assert.deepEqual(scanXmlDocument('<a>x<b>y</b>tail<c/></a>', LIMITS), {
    tag: 'a',
    text: 'x',
    children: [
      { tag: 'b', text: 'y', children: [] },
      { tag: 'c', text: null, children: [] },
    ],
  });
  assert.throws(() => scanXmlDocument('<a>12345678901</a>', LIMITS), /longer than 10/);
  assert.throws(() => scanXmlDocument('<a><b><c><d/></c></b></a>', LIMITS), /nested deeper than 3/);
  assert.throws(() => scanXmlDocument('<a><b><c><d></d></c></b></a>', LIMITS), /nested deeper than 3/);
  assert.equal(scanXmlDocument('<a><b><c/></b></a>', LIMITS).children[0]!.children[0]!.tag, 'c');
  assert.throws(() => scanXmlDocument('<a><b/><b/><b/><b/><b/></a>', LIMITS), /more than 5 elements/);
  // A CDATA section or comment full of closing tags does not make room for deeper nesting.
  assert.throws(() => scanXmlDocument('<a><![CDATA[</x></x></x>]]><b><c><d/><e>x</e></c></b></a>', { ...LIMITS, maxElements: 100, maxStringLength: 100 }), /nested deeper than 3/);
  assert.equal(scanXmlDocument('<é><ü.x-1/></é>', LIMITS).children[0]!.tag, 'ü.x-1');
});
