/**
 * Python's int() of an XML-RPC argument, for the namespace methods where Supervisor 4.2.5's
 * rpcinterface calls int() (readLog, readProcess*Log, tailProcess*Log offsets and lengths).
 */
import { PyIntError, pyInt } from '../config/py-int.js';
import { RpcFault } from '../protocol/faults.js';
import { XmlRpcDouble, type IntArgument } from '../protocol/types.js';

/** Python's type names, as int()'s TypeError names them. */
function pythonTypeName(value: IntArgument): string {
  if (Array.isArray(value)) return 'list';
  if (value instanceof Date) return 'datetime.datetime';
  if (Buffer.isBuffer(value)) return 'bytes';
  return typeof value === 'object' ? 'dict' : typeof value;
}

/**
 * Python's int() of an XML-RPC argument, where Supervisor calls it (readLog, read/tail*Log).
 * What int() refuses is a fault naming the argument; supervisord answers HTTP 500 there (its
 * ValueError/TypeError escapes), which tells a client nothing (docs/daemon.md).
 */
export function intArgument(name: string, value: IntArgument): number {
  const number = value instanceof XmlRpcDouble ? value.value : value;
  let problem: string;
  if (typeof number === 'boolean') return number ? 1 : 0;
  if (typeof number === 'number') {
    if (Number.isFinite(number)) return Math.trunc(number) + 0; // + 0 turns -0 into 0, as Python has no -0 int
    problem = Number.isNaN(number) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer';
  } else if (typeof number === 'string') {
    try {
      return pyInt(number) + 0;
    } catch (error) {
      if (!(error instanceof PyIntError)) throw error;
      problem = error.message;
    }
  } else {
    problem = `int() argument must be a string, a bytes-like object or a real number, not '${pythonTypeName(number)}'`;
  }
  throw new RpcFault('INCORRECT_PARAMETERS', `${name}: ${problem}`);
}
