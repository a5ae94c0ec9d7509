/**
 * Which init system will start svwiz at boot, decided from what PID 1 really is (/proc/1/comm,
 * /run/systemd/system as sd_booted() checks it) and container markers, never from which tools
 * are on PATH: `systemctl` is installed in most containers where no systemd runs (the classic
 * `pm2 startup` mistake). Under `--root` (an image being prepared) PID 1 of this machine says
 * nothing about the target, so the target's /sbin/init is read instead.
 */
import { existsSync, lstatSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { mapToRoot } from './paths.js';

export type InitSystemKind = 'systemd' | 'sysv' | 'openrc' | 'none' | 'other';

export interface InitSystemFacts {
  kind: InitSystemKind;
  /** PID 1's command name, when read from this machine. */
  pid1: string | null;
  /** "docker", "podman", "lxc", "kubernetes", … when running in a container. */
  container: string | null;
  /** One line per fact the decision used, for the summary and --json. */
  evidence: string[];
}

export interface InitSystemProbe {
  /** Contents of /proc/1/comm (null under --root or when unreadable). */
  pid1Comm: string | null;
  /** /run/systemd/system exists: systemd's own "booted with systemd" test. */
  runSystemdSystem: boolean;
  /** Container markers found: "/.dockerenv", "/run/.containerenv", "cgroup:docker", "env:container=lxc". */
  containerMarkers: string[];
  /** Target tree facts (used under --root, and to tell sysvinit from busybox). */
  sbinInitTarget: string | null;
  hasEtcInitD: boolean;
  hasOpenrc: boolean;
  /** True when probing a --root tree rather than this running machine. */
  offline: boolean;
}

export function containerFromMarkers(markers: string[]): string | null {
  for (const marker of markers) {
    if (marker === '/.dockerenv' || marker === 'cgroup:docker') return 'docker';
    if (marker === '/run/.containerenv') return 'podman';
    if (marker === 'cgroup:kubepods') return 'kubernetes';
    if (marker === 'cgroup:lxc') return 'lxc';
    if (marker.startsWith('env:container=')) return marker.slice('env:container='.length) || 'container';
  }
  return null;
}

/** Pure: the decision table. */
export function classifyInitSystem(probe: InitSystemProbe): InitSystemFacts {
  const evidence: string[] = [];
  const container = probe.offline ? null : containerFromMarkers(probe.containerMarkers);
  if (container) evidence.push(`container markers: ${probe.containerMarkers.join(', ')}`);

  if (probe.offline) {
    const target = probe.sbinInitTarget ?? '';
    evidence.push(`target /sbin/init → ${target || '(missing)'}`);
    if (/systemd/.test(target)) return { kind: 'systemd', pid1: null, container: null, evidence };
    if (probe.hasOpenrc) return { kind: 'openrc', pid1: null, container: null, evidence: [...evidence, 'target has OpenRC'] };
    if (probe.hasEtcInitD) return { kind: 'sysv', pid1: null, container: null, evidence: [...evidence, 'target has /etc/init.d'] };
    return { kind: 'other', pid1: null, container: null, evidence };
  }

  const comm = probe.pid1Comm?.trim() ?? null;
  evidence.push(`PID 1 is ${comm ?? '(unreadable)'}`);
  if (probe.runSystemdSystem) evidence.push('/run/systemd/system exists');
  if (comm === 'systemd' || probe.runSystemdSystem) return { kind: 'systemd', pid1: comm, container, evidence };
  if (comm === 'openrc-init' || (comm === 'init' && probe.hasOpenrc)) return { kind: 'openrc', pid1: comm, container, evidence };
  if (comm === 'init') {
    // sysvinit's and busybox's PID 1 are both "init"; /etc/init.d + rc links are what we install into.
    if (probe.hasEtcInitD) return { kind: 'sysv', pid1: comm, container, evidence };
    return { kind: 'other', pid1: comm, container, evidence };
  }
  // tini, dumb-init, a shell, node…: nothing will start us at boot; the container's entrypoint must.
  if (container) return { kind: 'none', pid1: comm, container, evidence };
  return { kind: 'other', pid1: comm, container, evidence };
}

function readOptional(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export function probeInitSystem(root = '/'): InitSystemProbe {
  const offline = path.resolve(root) !== '/';
  const at = (p: string) => mapToRoot(root, p);
  let sbinInitTarget: string | null = null;
  try {
    const st = lstatSync(at('/sbin/init'));
    sbinInitTarget = st.isSymbolicLink() ? readlinkSync(at('/sbin/init')) : '/sbin/init';
  } catch {
    sbinInitTarget = null;
  }
  const markers: string[] = [];
  if (!offline) {
    for (const file of ['/.dockerenv', '/run/.containerenv']) if (existsSync(file)) markers.push(file);
    const cgroup = readOptional('/proc/1/cgroup') ?? '';
    for (const word of ['docker', 'kubepods', 'lxc']) if (cgroup.includes(word)) markers.push(`cgroup:${word}`);
    const environ = readOptional('/proc/1/environ') ?? '';
    const containerVar = environ.split('\0').find((entry) => entry.startsWith('container='));
    if (containerVar) markers.push(`env:${containerVar}`);
  }
  return {
    pid1Comm: offline ? null : readOptional('/proc/1/comm'),
    runSystemdSystem: !offline && existsSync('/run/systemd/system'),
    containerMarkers: markers,
    sbinInitTarget,
    hasEtcInitD: existsSync(at('/etc/init.d')),
    hasOpenrc: existsSync(at('/sbin/openrc')) || existsSync(at('/run/openrc')),
    offline,
  };
}

export function detectInitSystem(root = '/'): InitSystemFacts {
  return classifyInitSystem(probeInitSystem(root));
}
