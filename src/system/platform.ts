/**
 * OS, distro, architecture and Raspberry Pi model. The Pi model comes from
 * /proc/device-tree/model: DMI is empty on a Pi, and systeminformation only falls back to it then.
 * Pure parsers plus one thin reader that honours `--root`.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { mapToRoot } from './paths.js';

export interface DistroFacts {
  id: string;
  versionId: string | null;
  prettyName: string;
  /** ID_LIKE words, e.g. ["debian"] for Raspberry Pi OS. */
  like: string[];
}

export interface PlatformFacts {
  os: string;
  distro: DistroFacts | null;
  arch: string;
  /** e.g. "Raspberry Pi 4 Model B Rev 1.4"; null when not a Pi or no device tree. */
  piModel: string | null;
  /** Any device-tree model string (also non-Pi boards). */
  boardModel: string | null;
}

/** os-release(5): KEY=value lines, values optionally quoted. */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let value = line.slice(eq + 1).trim();
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) {
      value = value.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
    }
    fields[line.slice(0, eq)] = value;
  }
  return fields;
}

export function distroFromOsRelease(fields: Record<string, string>): DistroFacts | null {
  if (!fields.ID && !fields.PRETTY_NAME && !fields.NAME) return null;
  return {
    id: fields.ID ?? 'linux',
    versionId: fields.VERSION_ID ?? null,
    prettyName: fields.PRETTY_NAME ?? fields.NAME ?? fields.ID ?? 'Linux',
    like: (fields.ID_LIKE ?? '').split(/\s+/).filter(Boolean),
  };
}

/** The device-tree model is NUL-terminated; a missing or empty one means "no board model". */
export function parseDeviceTreeModel(raw: string | null): string | null {
  if (raw === null) return null;
  const model = raw.replace(/\0+$/, '').replace(/\0/g, ' ').trim();
  return model || null;
}

export function piModelOf(boardModel: string | null): string | null {
  return boardModel && /raspberry pi/i.test(boardModel) ? boardModel : null;
}

/** Node's arch names → the `uname -m` words people know. */
export function unameArch(nodeArch: string): string {
  const names: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64', arm: 'armv7l', ia32: 'i686' };
  return names[nodeArch] ?? nodeArch;
}

async function readOptional(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

export async function detectPlatform(root = '/'): Promise<PlatformFacts> {
  const osRelease =
    (await readOptional(mapToRoot(root, '/etc/os-release'))) ?? (await readOptional(mapToRoot(root, '/usr/lib/os-release')));
  const boardModel = parseDeviceTreeModel(
    (await readOptional(mapToRoot(root, '/proc/device-tree/model'))) ??
      (await readOptional(mapToRoot(root, '/sys/firmware/devicetree/base/model'))),
  );
  return {
    os: os.platform(),
    distro: osRelease === null ? null : distroFromOsRelease(parseOsRelease(osRelease)),
    arch: unameArch(process.arch),
    piModel: piModelOf(boardModel),
    boardModel,
  };
}
