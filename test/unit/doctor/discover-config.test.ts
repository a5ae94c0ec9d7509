import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { discoverConfig } from '../../../src/doctor/discover-config.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

test('which setup the doctor checks: -c, the recorded setup, the one running daemon in the search order, the search order (#13)', () => {
  const dir = makeTempDir('svw-disc');
  try {
    const tmpConfig = path.join(dir, 'unrelated.conf');
    const recorded = path.join(dir, 'recorded.conf');
    writeFileSync(tmpConfig, '[supervisord]\n');
    writeFileSync(recorded, '[supervisord]\n');
    mkdirSync(path.join(dir, 'cwd'));
    const cwd = path.join(dir, 'cwd');
    const daemon = (pid: number, configFile: string) => ({ pid, uid: 0, backend: 'supervisord' as const, configFile, argv: [] });
    const base = { root: '/', cwd, running: [] as ReturnType<typeof daemon>[] };
    assert.deepEqual(discoverConfig({ ...base, configFile: tmpConfig, recorded: [recorded] }).source, 'option');
    assert.deepEqual(discoverConfig({ ...base, recorded: [recorded], running: [daemon(5, tmpConfig)] }).file, recorded);
    assert.equal(discoverConfig({ ...base, recorded: [path.join(dir, 'gone.conf')] }).source === 'setup-record', false, 'a record naming a missing file is passed over');
    // An unrelated daemon on a /tmp config is never picked.
    const unrelated = discoverConfig({ ...base, running: [daemon(5, tmpConfig)] });
    assert.notEqual(unrelated.file, tmpConfig);
    // A daemon on a config in the search order is, when it is the only one.
    const inOrder = path.join(cwd, 'supervisord.conf');
    writeFileSync(inOrder, '[supervisord]\n');
    assert.deepEqual(discoverConfig({ ...base, running: [daemon(5, inOrder), daemon(6, tmpConfig)] }), { file: inOrder, source: 'running-daemon', searched: unrelated.searched });
    // Two in the search order: no guess from the daemons, the search order decides.
    const etc = path.join(cwd, 'etc');
    mkdirSync(etc);
    writeFileSync(path.join(etc, 'supervisord.conf'), '[supervisord]\n');
    const two = discoverConfig({ ...base, running: [daemon(5, inOrder), daemon(6, path.join(etc, 'supervisord.conf'))] });
    assert.equal(two.source, 'search-path');
  } finally {
    removeTempDir(dir);
  }
});
