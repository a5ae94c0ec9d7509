/** Supervisor's XML-RPC fault codes (reference §3.2). */
export const Faults = {
  UNKNOWN_METHOD: 1,
  INCORRECT_PARAMETERS: 2,
  BAD_ARGUMENTS: 3,
  SIGNATURE_UNSUPPORTED: 4,
  SHUTDOWN_STATE: 6,
  BAD_NAME: 10,
  BAD_SIGNAL: 11,
  NO_FILE: 20,
  NOT_EXECUTABLE: 21,
  FAILED: 30,
  ABNORMAL_TERMINATION: 40,
  SPAWN_ERROR: 50,
  ALREADY_STARTED: 60,
  NOT_RUNNING: 70,
  SUCCESS: 80,
  ALREADY_ADDED: 90,
  STILL_RUNNING: 91,
  CANT_REREAD: 92,
} as const;
export type FaultName = keyof typeof Faults;

/**
 * A fault as Supervisor sends it: faultString is the fault's name, or "NAME: detail".
 * Thrown by the daemon's method implementations and turned into <fault> by the RPC layer.
 */
export class RpcFault extends Error {
  readonly faultCode: number;
  readonly faultString: string;
  constructor(name: FaultName, detail?: string) {
    const faultString = detail === undefined ? name : `${name}: ${detail}`;
    super(faultString);
    this.name = 'RpcFault';
    this.faultCode = Faults[name];
    this.faultString = faultString;
  }

  /** A fault received from a server, whose code may be one we do not know. */
  static fromWire(faultCode: number, faultString: string): RpcFault {
    const fault = Object.create(RpcFault.prototype) as RpcFault;
    Object.assign(fault, { faultCode, faultString, message: faultString, name: 'RpcFault' });
    return fault;
  }
}

export function faultName(code: number): FaultName | undefined {
  return (Object.keys(Faults) as FaultName[]).find((name) => Faults[name] === code);
}
