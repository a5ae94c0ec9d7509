import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uninstallService } from '../../../src/service/install.js';
import { writeServiceRecord } from '../../../src/service/manifest-store.js';
import { planServiceInstall } from '../../../src/service/plan-install.js';
import type { Manifest } from '../../../src/plan/types.js';
import type { ServiceSpec } from '../../../src/service/types.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const spec: ServiceSpec = {
  kind: 'sysv',
  name: 'svwiz',
  backend: 'supervisord',
  daemon: { binary: '/usr/local/bin/supervisord', script: null },
  ctl: { binary: '/usr/local/bin/supervisorctl', script: null },
  configFile: '/etc/supervisord.conf',
  pidFile: '/run/svwiz.pid',
  PATH: '/usr/local/bin:/usr/bin:/bin',
};

test('uninstall undoes the recorded manifests newest first: stop, remove rc links, then the script', async () => {
  const root = makeTempDir('wzu');
  try {
    const plan = planServiceInstall(spec, { offline: false, tools: { updateRcD: '/usr/sbin/update-rc.d' } });
    const manifest: Manifest = {
      title: plan.title,
      appliedAt: '2026-01-01T00:00:00.000Z',
      root: '/',
      entries: plan.operations.map((operation) => ({ operation, ...(operation.kind === 'write' ? { created: true } : {}) })),
    };
    await writeServiceRecord(root, '/var/lib/svwiz/service-manifest.json', { version: 1, spec, manifests: [manifest] });
    const result = await uninstallService({ root, manifestFile: '/var/lib/svwiz/service-manifest.json', PATH: '/usr/bin', dryRun: true });
    assert.deepEqual(result.undone, ['/etc/init.d/svwiz stop', '/usr/sbin/update-rc.d -f svwiz remove', 'unlink /etc/init.d/svwiz']);
    await assert.rejects(uninstallService({ root, manifestFile: '/nope.json', PATH: '/usr/bin' }), /no svwiz service is installed/);
  } finally {
    removeTempDir(root);
  }
});
