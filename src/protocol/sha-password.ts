/**
 * Supervisor's `{SHA}` passwords: `{SHA}` + the lowercase hex SHA-1 of the UTF-8 password. Only
 * that exact form matches (an uppercase digest never does, reference §3.9). The wizard writes it,
 * the RPC servers compare with it, the doctor knows it cannot be sent.
 */
import { createHash } from 'node:crypto';

export const SHA_PREFIX = '{SHA}';

export function isShaPassword(stored: string): boolean {
  return stored.startsWith(SHA_PREFIX);
}

/** The lowercase hex SHA-1 a `{SHA}` entry holds for this password. */
export function shaDigest(plain: string): string {
  return createHash('sha1').update(plain, 'utf8').digest('hex');
}

/** The config form of a password: `{SHA}` + digest. */
export function shaPassword(plain: string): string {
  return `${SHA_PREFIX}${shaDigest(plain)}`;
}
