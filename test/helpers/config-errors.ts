/** One assertion for "a bad value is a ConfigError naming the file, a line past `afterLine`, the key, and a message". */
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/errors.js';

export function assertConfigErrorAt(load: () => unknown, file: string, key: string, message: RegExp, afterLine: number): void {
  assert.throws(load, (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.key, key);
    assert.equal(error.position?.file, file);
    assert.ok((error.position?.line ?? 0) > afterLine);
    assert.match(error.message, message);
    return true;
  });
}
