/** Config unit tests: write a [supervisord] head plus a snippet to a temp file and load it. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { loadSupervisorConfigSync } from '../../src/config/load.js';
import { makeTempDir, removeTempDir } from './temp.js';

/** A loader for one test file; its temp dir is removed after the file's tests. */
export function snippetLoader(prefix: string): (text: string) => { file: string; model: () => ReturnType<typeof loadSupervisorConfigSync> } {
  const dir = makeTempDir(prefix);
  after(() => removeTempDir(dir));
  let counter = 0;
  return (text) => {
    const file = path.join(dir, `c${counter++}.conf`);
    writeFileSync(file, `[supervisord]\nlogfile=${dir}/l\npidfile=${dir}/p\n${text}`);
    return { file, model: () => loadSupervisorConfigSync(file, { env: { PATH: '/usr/bin:/bin' }, hostname: 'h' }) };
  };
}
