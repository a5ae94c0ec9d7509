/**
 * `web-security`: an inet HTTP server reachable beyond loopback without a password (anyone on the
 * network runs commands as the daemon's user, cf. CVE-2017-11610), a password stored in plain
 * text, and a unix socket whose chmod lets every local user control the daemon.
 */
import { randomBytes } from 'node:crypto';
import { findRawEntry, positionOf } from '../src/doctor/config-locate.js';
import { planConfigEdit } from '../src/doctor/config-edit.js';
import { isShaPassword, shaPassword } from '../src/protocol/sha-password.js';
import { isLoopbackHost } from '../src/system/loopback.js';
import { formatMode } from '../src/system/paths.js';
import type { Check, DoctorContext, Finding } from '../src/doctor/types.js';
import type { Plan } from '../src/plan/types.js';


/** Add a password, hash a plain one, or close a world-usable socket. */
type SecurityFixData =
  | { kind: 'auth' | 'hash'; section: string; username: string; password: string }
  | { kind: 'chmod'; section: string; socket: string };

export const webSecurityCheck: Check<SecurityFixData> = {
  id: 'web-security',
  title: 'HTTP servers are not open to others',
  area: 'security',
  appliesTo: (ctx) => (!ctx.config ? 'the config did not load' : ctx.config.inetHttpServers.length + ctx.config.unixHttpServers.length === 0 ? 'no HTTP server configured' : true),
  async run(ctx) {
    const findings: Finding<SecurityFixData>[] = [];
    for (const server of ctx.config!.inetHttpServers) {
      const exposed = !isLoopbackHost(server.host);
      if (exposed && !server.username) {
        const password = randomBytes(12).toString('base64url');
        findings.push({
          severity: 'error',
          message: `[${server.section}] port=${server.port} listens on ${server.host || 'every interface'} without a password: anyone who can reach it controls every program`,
          ...positionOf(ctx, server.section, 'port'),
          fix: { description: `add username=admin and a generated password (stored as {SHA}; the plain one goes to [supervisorctl] for supervisorctl)`, safety: 'confirm' },
          data: { kind: 'auth', section: server.section, username: 'admin', password },
        });
      } else if (server.username !== null && server.password && !isShaPassword(server.password)) {
        // The loader accepts a password only with a username.
        findings.push({
          severity: 'warn',
          message: `[${server.section}] stores its password in plain text`,
          ...positionOf(ctx, server.section, 'password'),
          fix: { description: 'store it as {SHA} (supervisorctl keeps the plain one in [supervisorctl])', safety: 'confirm' },
          data: { kind: 'hash', section: server.section, username: server.username, password: server.password },
        });
      }
    }
    for (const server of ctx.config!.unixHttpServers) {
      if ((server.chmod & 0o007) === 0) continue;
      findings.push({
        severity: 'warn',
        message: `[${server.section}] chmod=${formatMode(server.chmod)} lets every local user control the supervisor through ${server.file}`,
        ...positionOf(ctx, server.section, 'chmod'),
        fix: { description: 'set chmod=0700 (and on the live socket)', safety: 'confirm' },
        data: { kind: 'chmod', section: server.section, socket: server.file },
      });
    }
    return findings;
  },
  async fix(ctx, finding) {
    const data = finding.data;
    if (!data) return undefined;
    const { setIniKey, addIniSection } = await import('../src/config/ini-editor.js');
    const file = positionOf(ctx, data.section).file ?? ctx.configFile!;
    if (data.kind === 'chmod') {
      const plan = await planConfigEdit(ctx, file, (text) => setIniKey(text, data.section, 'chmod', '0700'), 'only the daemon user may use the socket');
      if (plan && ctx.files.exists(data.socket)) plan.operations.push({ kind: 'chmod', path: data.socket, mode: 0o700, reason: 'the live socket too' });
      return plan;
    }
    return planConfigEdit(ctx, file, (text) => {
      let next = setIniKey(text, data.section, 'password', shaPassword(data.password));
      if (data.kind === 'auth') next = setIniKey(next, data.section, 'username', data.username);
      next = withCtlCredentials(ctx, next, file, data.username, data.password, setIniKey, addIniSection);
      return next;
    }, data.kind === 'auth' ? 'require a password' : 'store the password hashed') as Promise<Plan | undefined>;
  },
};

/** supervisorctl must keep working: it sends the plain password from [supervisorctl]. */
function withCtlCredentials(
  ctx: DoctorContext,
  text: string,
  file: string,
  username: string,
  password: string,
  setIniKey: (t: string, s: string, k: string, v: string) => string,
  addIniSection: (t: string, s: string, e: [string, string][]) => string,
): string {
  const ctlFile = positionOf(ctx, 'supervisorctl').file;
  if (ctlFile && ctlFile !== file) return text;
  if (!ctlFile) return addIniSection(text, 'supervisorctl', [['username', username], ['password', password]]);
  if (findRawEntry(ctx, 'supervisorctl', 'password')?.value === password && findRawEntry(ctx, 'supervisorctl', 'username')?.value === username) return text;
  return setIniKey(setIniKey(text, 'supervisorctl', 'username', username), 'supervisorctl', 'password', password);
}
