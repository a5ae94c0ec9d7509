/** Whether a configured host only listens on this machine (the web UI's exposure question). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
