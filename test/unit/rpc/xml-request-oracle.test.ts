// Requests are read by svwiz's one XML reader (src/protocol/xml-element-scan.ts). The oracle is
// Supervisor's own request loader (supervisor.xmlrpc.supervisor_xmlrpc_handler.loads from Debian's
// package: ElementTree over expat): for every document, both must accept it with the same method
// and parameters, or both refuse it (supervisord answers 400 to a document its loader raises on,
// or one without a method name). Where svwizd is knowingly more lenient the test says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { decodeMethodCall, encodeMethodCall, XmlRpcParseError } from '../../../src/protocol/xmlrpc-codec.js';
import { XmlRpcDouble } from '../../../src/protocol/types.js';
import { DEBIAN_PYTHON, requirePythonSupervisor } from '../../helpers/python-supervisord.js';

type Outcome = { method: string; params: unknown } | { error: string };

function supervisorLoads(documents: string[]): Outcome[] {
  const script = `import json, sys, datetime
from supervisor.xmlrpc import supervisor_xmlrpc_handler as Handler
handler = Handler.__new__(Handler)
def plain(v):
    if isinstance(v, datetime.datetime): return {'$date': v.strftime('%Y-%m-%dT%H:%M:%S')}
    if isinstance(v, (list, tuple)): return [plain(i) for i in v]
    if isinstance(v, dict): return {k: plain(i) for k, i in v.items()}
    return v
out = []
for doc in json.load(sys.stdin):
    try:
        params, method = handler.loads(doc)
    except Exception as e:
        out.append({'error': type(e).__name__})
        continue
    out.append({'method': method, 'params': plain(list(params or ()))} if method else {'error': 'no method name'})
json.dump(out, sys.stdout)`;
  return JSON.parse(execFileSync(DEBIAN_PYTHON, ['-c', script], { input: JSON.stringify(documents), encoding: 'utf8' })) as Outcome[];
}

function ours(document: string): Outcome {
  const plain = (v: unknown): unknown => {
    if (v instanceof Date) return { $date: v.toISOString().slice(0, 19) };
    if (Array.isArray(v)) return v.map(plain);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, i]) => [k, plain(i)]));
    return v;
  };
  try {
    const { methodName, params } = decodeMethodCall(document);
    return { method: methodName, params: plain(params) };
  } catch (error) {
    if (error instanceof XmlRpcParseError) return { error: 'refused' };
    throw error;
  }
}

const call = (params: string, head = "<?xml version='1.0'?>\n") => `${head}<methodCall>\n<methodName>supervisor.x</methodName>\n<params>\n${params}</params>\n</methodCall>\n`;
const param = (valueXml: string) => `<param>\n<value>${valueXml}</value>\n</param>\n`;

const ACCEPTED = [
  // What real clients send: Python's xmlrpc.client (supervisorctl, superlance, Ansible) ...
  encodeMethodCall('system.multicall', [[{ methodName: 'supervisor.getProcessInfo', params: ['web:web_00'] }, { methodName: 'supervisor.getState', params: [] }]]),
  encodeMethodCall('supervisor.sendProcessStdin', ['cat', 'line <1> & "two"\n\ttab é ✓ \u{1F600}']),
  encodeMethodCall('supervisor.x', [1, -7, true, false, 0.5, new XmlRpcDouble(3), '', new Date(Date.UTC(2026, 11, 4, 5, 6, 7)), [], {}, [[1, [2]], { k: ['v'] }]]),
  // ... and what other clients write: no declaration, no <params>, whitespace, a bare value.
  '<methodCall><methodName>supervisor.getState</methodName></methodCall>',
  '<methodCall>\n  <methodName>supervisor.getState</methodName>\n  <params>\n  </params>\n</methodCall>\n',
  call(param('bare text') + param('') + param('<string/>') + param('<i4> -3 </i4>') + param('<boolean>true</boolean>')),
  // XML that expat accepts and XML-RPC does not need.
  call(param('<string><![CDATA[<raw> &amp; ]]></string>') + param('<string>a<!-- c -->b</string>') + param('<string>&#233;&#x2713;&lt;&gt;&amp;&quot;&apos;</string>')),
  call(param('<string a="1" b=\'&amp;\'>attributes are dropped</string>'), '<?xml version="1.0" encoding="UTF-8"?>\n<!-- before -->\n<?pi after the declaration?>\n'),
  `${call(param('<int>1</int>'))}<!-- after -->\n<?pi after?>\n`,
  '<methodCall ><methodName >supervisor.x</methodName ><params ><param ><value ><int >2</int ></value ></param ></params ></methodCall >',
  // Elements Supervisor does not know: a value reads its first child's text. (`<nil/>` is left
  // out: Supervisor passes None, svwizd '' — no Supervisor method takes either.)
  call(param('<i8>5</i8>') + param('<foo>bar<baz>x</baz></foo>')),
  '<methodCall><é/><methodName>supervisor.x</methodName><params><param><value><ü.x-1>text</ü.x-1></value></param></params></methodCall>',
  // A root of another name, as Supervisor does not check it.
  '<call><methodName>supervisor.x</methodName></call>',
  call(param('<struct>\n<member>\n<name>a</name>\n<value><int>1</int></value>\n</member>\n<member><name></name><value>empty name</value></member>\n</struct>')),
  call(param('<array><data>\n<value><int>1</int></value>\n<value>x</value>\n<value><array><data></data></array></value>\n</data></array>')),
];

const REFUSED = [
  '',
  'not xml',
  '<methodCall><methodName>x.y</methodName>',
  '<methodCall><params/></methodCall>',
  '<methodCall><methodName></methodName></methodCall>',
  call(param('<string>unclosed</value>')),
  call(param('<string>a</strin>')),
  call(param('bare & ampersand')),
  call(param('&undefined;')),
  call(param('&toString;')),
  call(param('<string>a < b</string>')),
  call(param('<string x>bad attribute</string>')),
  call(param('<string a="1" a="2">repeated attribute</string>')),
  call(param('<string a="&">bare ampersand in an attribute</string>')),
  call(param('<string>a ]]> b</string>')),
  call(param('<string>a<!-- x -- y -->b</string>')),
  call(param('<string>a<!-- unclosed comment</string>')),
  call(param('<string><![CDATA[unclosed</string>')),
  call(param('&#1;')),
  call(param('&#xD800;')),
  ` ${call(param('<int>1</int>'))}`,
  call(param('<string>x</string><?xml version="1.0"?>')),
  call(param('<1a>bad name</1a>')),
  `${call(param('<int>1</int>'))}<methodCall/>`,
  `text before${call(param('<int>1</int>'))}`,
  call(param('<int>abc</int>')),
  call(param('<int></int>')),
  call(param('<double>1.2.3</double>')),
  call(param('<dateTime.iso8601>yesterday</dateTime.iso8601>')),
  call(param('<array></array>')),
  call(param('<struct><member><name>a</name></member></struct>')),
  '<methodCall><methodName>supervisor.x</methodName><params><param></param></params></methodCall>',
];

/** Documents expat refuses that svwizd reads anyway, and why that is the better answer. */
const MORE_LENIENT = [
  // Raw control characters: a program's output sent back through sendProcessStdin or a client that
  // does not escape them. Supervisor answers 400; svwizd passes the text on unchanged.
  call(param('<string>ansi \u001b[1mbold\u001b[0m</string>')),
  // Namespaces: ElementTree refuses an undeclared prefix and renames every element of a default
  // namespace (so Supervisor finds no method name); XML-RPC has none, and svwizd reads elements by
  // their written name.
  call(param('<x:string>prefixed</x:string>')),
  '<methodCall xmlns="urn:example"><methodName>supervisor.x</methodName></methodCall>',
];

test('requests Supervisor accepts are read with the same method and parameters', () => {
  requirePythonSupervisor();
  const expected = supervisorLoads(ACCEPTED);
  ACCEPTED.forEach((document, i) => {
    assert.ok(!('error' in expected[i]!), `Supervisor refuses ${JSON.stringify(document)}: ${JSON.stringify(expected[i])}`);
    assert.deepEqual(ours(document), expected[i], document);
  });
});

test('requests Supervisor refuses are refused', () => {
  requirePythonSupervisor();
  const expected = supervisorLoads(REFUSED);
  REFUSED.forEach((document, i) => {
    assert.ok('error' in expected[i]!, `Supervisor accepts ${JSON.stringify(document)}: ${JSON.stringify(expected[i])}`);
    assert.deepEqual(ours(document), { error: 'refused' }, document);
  });
});

test('where svwizd is knowingly more lenient than Supervisor, it still is (docs/daemon.md)', () => {
  requirePythonSupervisor();
  const expected = supervisorLoads(MORE_LENIENT);
  MORE_LENIENT.forEach((document, i) => {
    assert.ok('error' in expected[i]!, `Supervisor now accepts ${JSON.stringify(document)}: drop it from this list`);
    assert.equal((ours(document) as { method?: string }).method, 'supervisor.x', document);
  });
});
