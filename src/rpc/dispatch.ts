/**
 * Resolves an XML-RPC method name to an entry of the explicit method table, checks arity and
 * argument types, and calls the daemon's namespace. Also implements the `system.*` namespace
 * (listMethods, methodHelp, methodSignature, multicall) with Supervisor's quirks.
 *
 * A method throws RpcFault for a Supervisor fault; any other exception propagates unchanged and
 * becomes HTTP 500, as an unexpected Python exception does in supervisord (e.g. strict UTF-8
 * decoding of a log window, reference §3.6).
 */
import { RpcFault } from '../protocol/faults.js';
import type { SupervisorNamespace, XmlRpcValue } from '../protocol/types.js';
import { SUPERVISOR_METHODS, type MethodEntry, type MethodParam } from './method-table.js';

export interface RpcDispatcher {
  call(method: string, params: XmlRpcValue[]): Promise<XmlRpcValue>;
}

type SystemEntry = MethodEntry<SystemContext>;

interface SystemContext {
  table: Map<string, MethodEntry<never>>;
  callForMulticall(method: XmlRpcValue, params: XmlRpcValue): Promise<XmlRpcValue>;
}

const SYSTEM_METHODS: Readonly<Record<string, SystemEntry>> = {
  listMethods: {
    returns: 'array',
    params: [],
    help: 'Answer the sorted names of every method this server publishes, aliases included.',
    invoke: (ctx) => [...ctx.table.keys()].sort(),
  },
  methodHelp: {
    returns: 'string',
    params: [{ name: 'name', type: 'string', anyType: true }],
    help: 'Answer a short description of a method.',
    invoke: (ctx, [method]) => describe(ctx, method).help,
  },
  methodSignature: {
    returns: 'array',
    params: [{ name: 'name', type: 'string', anyType: true }],
    help: 'Answer the signature of a method as [return type, parameter types...].',
    invoke: (ctx, [method]) => {
      const entry = describe(ctx, method);
      return [entry.returns, ...entry.params.map((param) => param.type)];
    },
  },
  multicall: {
    returns: 'array',
    params: [{ name: 'calls', type: 'array' }],
    help:
      'Run several calls, given as structs {methodName, params}, one after the other (each waits for the ' +
      'previous one). Answers one element per call: the bare result value, or a {faultCode, faultString} struct.',
    invoke: (ctx, [calls]) => runMulticall(ctx, calls as XmlRpcValue[]),
  },
};

function describe(ctx: SystemContext, method: XmlRpcValue): MethodEntry<never> {
  // Supervisor compares the name against its method list, so a non-string simply matches nothing.
  const entry = typeof method === 'string' ? ctx.table.get(method) : undefined;
  if (!entry) throw new RpcFault('SIGNATURE_UNSUPPORTED');
  return entry;
}

function isStruct(value: XmlRpcValue): value is { [key: string]: XmlRpcValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !Buffer.isBuffer(value);
}

/** Text of a non-fault exception inside a multicall, shaped like Supervisor's "<class '...'>:message". */
function failedText(error: unknown): string {
  const kind = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  return `FAILED: <class '${kind}'>:${message}`;
}

async function runMulticall(ctx: SystemContext, calls: XmlRpcValue[]): Promise<XmlRpcValue[]> {
  const results: XmlRpcValue[] = [];
  for (const call of calls) {
    // A non-struct element breaks supervisord's loop outside its fault handling: HTTP 500.
    if (!isStruct(call)) throw new TypeError('multicall element is not a struct');
    try {
      if (!Object.hasOwn(call, 'methodName')) throw new RpcFault('INCORRECT_PARAMETERS', 'No methodName');
      const method = call.methodName;
      if (method === 'system.multicall') throw new RpcFault('INCORRECT_PARAMETERS', 'Recursive system.multicall forbidden');
      results.push(await ctx.callForMulticall(method, Object.hasOwn(call, 'params') ? call.params : []));
    } catch (error) {
      results.push(
        error instanceof RpcFault
          ? { faultCode: error.faultCode, faultString: error.faultString }
          : { faultCode: 30, faultString: failedText(error) },
      );
    }
  }
  return results;
}

/** Python truthiness, which is all Supervisor's `wait` flags look at. */
function truthy(value: XmlRpcValue): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string' || Array.isArray(value) || Buffer.isBuffer(value)) return value.length > 0;
  if (isStruct(value)) return Object.keys(value).length > 0;
  return true;
}

function coerceArgument(param: MethodParam, value: XmlRpcValue): XmlRpcValue {
  if (param.anyType) return value;
  switch (param.type) {
    case 'boolean':
      return truthy(value);
    case 'int':
      // Python's bool is an int, so True/False pass where an int is expected.
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      break;
    case 'string':
      if (typeof value === 'string') return value;
      break;
    case 'array':
      if (Array.isArray(value)) return value;
      break;
    case 'struct':
      if (isStruct(value)) return value;
      break;
  }
  throw new RpcFault('INCORRECT_PARAMETERS');
}

/** Arity and type checks; missing optional parameters take Supervisor's defaults. */
export function coerceArguments(params: readonly MethodParam[], args: readonly XmlRpcValue[]): XmlRpcValue[] {
  const required = params.filter((param) => param.default === undefined).length;
  if (args.length < required || args.length > params.length) throw new RpcFault('INCORRECT_PARAMETERS');
  return params.map((param, index) => (index < args.length ? coerceArgument(param, args[index]) : param.default!));
}

/**
 * Look a name up the way Supervisor's fixed traversal does: exactly `namespace.method`, no leading
 * underscore, and only names present in the table.
 */
export function resolveMethodName(method: string): { namespace: 'supervisor' | 'system'; method: string } {
  const parts = method.split('.');
  if (parts.length !== 2 || parts[1].startsWith('_')) throw new RpcFault('UNKNOWN_METHOD');
  const [namespace, name] = parts;
  if (namespace === 'supervisor' && Object.hasOwn(SUPERVISOR_METHODS, name)) return { namespace, method: name };
  if (namespace === 'system' && Object.hasOwn(SYSTEM_METHODS, name)) return { namespace, method: name };
  throw new RpcFault('UNKNOWN_METHOD');
}

function checkedResult(method: string, value: unknown): XmlRpcValue {
  if (value === undefined || value === null) throw new TypeError(`${method} returned no value`);
  return value as XmlRpcValue;
}

export function createDispatcher(namespace: SupervisorNamespace): RpcDispatcher {
  const table = new Map<string, MethodEntry<never>>();
  for (const [name, entry] of Object.entries(SUPERVISOR_METHODS)) table.set(`supervisor.${name}`, entry as MethodEntry<never>);
  for (const [name, entry] of Object.entries(SYSTEM_METHODS)) table.set(`system.${name}`, entry as MethodEntry<never>);

  const call = async (method: string, params: XmlRpcValue[]): Promise<XmlRpcValue> => {
    const resolved = resolveMethodName(method);
    if (resolved.namespace === 'supervisor') {
      const entry = SUPERVISOR_METHODS[resolved.method];
      return checkedResult(method, await entry.invoke(namespace, coerceArguments(entry.params, params)));
    }
    const entry = SYSTEM_METHODS[resolved.method];
    return checkedResult(method, await entry.invoke(context, coerceArguments(entry.params, params)));
  };

  const context: SystemContext = {
    table,
    callForMulticall: async (method, params) => {
      if (typeof method !== 'string') throw new TypeError(`method name ${JSON.stringify(method)} is not a string`);
      if (!Array.isArray(params)) throw new RpcFault('INCORRECT_PARAMETERS');
      return call(method, params);
    },
  };
  return { call };
}
