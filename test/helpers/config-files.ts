/**
 * Config-model unit tests write many small configs: each call of the loader writes one more file
 * (a minimal [supervisord] section, then the test's text) into one temp dir removed after the file's
 * tests, and reads it as svwizd would, with a fixed PATH and hostname.
 */
import { after } from 'node:test';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSupervisorConfigSync } from '../../src/config/load.js';
import type { SupervisorConfigModel } from '../../src/config/types.js';
import { makeTempDir, removeTempDir } from './temp.js';

export interface WrittenConfig {
  file: string;
  model: () => SupervisorConfigModel;
}

export function tempConfigLoader(prefix: string): { dir: string; load: (text: string) => WrittenConfig } {
  const dir = makeTempDir(prefix);
  after(() => removeTempDir(dir));
  let counter = 0;
  const load = (text: string): WrittenConfig => {
    const file = path.join(dir, `c${counter++}.conf`);
    writeFileSync(file, `[supervisord]\nlogfile=${dir}/l\npidfile=${dir}/p\n${text}`);
    return { file, model: () => loadSupervisorConfigSync(file, { env: { PATH: '/usr/bin:/bin' }, hostname: 'h' }) };
  };
  return { dir, load };
}
