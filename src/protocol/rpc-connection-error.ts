/** The typed connection error of the svwiz RPC client (no imports: cheap to check against). */

/**
 * The server could not be reached or answered with a non-200 status. `code` is the socket error
 * code (ENOENT, ECONNREFUSED, EACCES, ...) or `HTTP_<status>` (HTTP_401 for bad credentials).
 */
export class RpcConnectionError extends Error {
  readonly code: string;
  readonly serverUrl: string;
  readonly status?: number;
  readonly reason?: string;
  constructor(serverUrl: string, code: string, message: string, details: { status?: number; reason?: string; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.name = 'RpcConnectionError';
    this.code = code;
    this.serverUrl = serverUrl;
    this.status = details.status;
    this.reason = details.reason;
  }
}
