/**
 * Seeded random configs (test/helpers/config-random.ts) loaded by Python Supervisor (one batched
 * python process) and by our loader in-process: accepted configs must give equal JSON; rejected
 * ones must be rejected by both, ours with a ConfigError naming a file:line and Supervisor's message.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadSupervisorConfigSync } from '../../../src/config/load.js';
import { configToJson } from '../../../src/config/json-contract.js';
import { ConfigError } from '../../../src/errors.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { coreMessage, oracleEnv, runOracle } from '../../helpers/config-oracle.js';
import { writeFuzzedConfig, writeRandomConfig, type GeneratedConfig } from '../../helpers/config-random.js';

const SEED = Number(process.env.SVWIZ_CONFIG_SEED ?? 20261124);
const COUNT = 240;
const FUZZED = 120;

async function compareWithOracle(configs: GeneratedConfig[]): Promise<{ accepted: number; failures: string[] }> {
  const env = oracleEnv();
  const oracle = await runOracle(configs.map((c) => ({ file: c.file, cwd: c.dir })), env);
  let accepted = 0;
  const failures: string[] = [];
  for (const [i, config] of configs.entries()) {
    const expected = oracle[i]!;
    let ours: Record<string, unknown> | ConfigError;
    try {
      ours = configToJson(loadSupervisorConfigSync(config.file, { cwd: config.dir, env }));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      ours = error;
    }
    const label = `config ${i} (${config.file}):\n${readFileSync(config.file, 'utf8')}`;
    try {
      if (expected.ok) {
        assert.ok(!(ours instanceof ConfigError), `we reject what Supervisor accepts: ${(ours as Error).message}`);
        assert.deepEqual(ours, expected.config);
        accepted++;
      } else {
        assert.ok(ours instanceof ConfigError, `we accept what Supervisor rejects: ${expected.error}`);
        assert.ok(ours.position && ours.position.line >= 1, 'error without file:line');
        const core = coreMessage(expected.error).split('\n')[0]!;
        assert.ok(ours.message.includes(core), `message differs.\n ours: ${ours.message}\n python: ${expected.error}`);
      }
    } catch (error) {
      failures.push(`${label}\n${(error as Error).message}`);
    }
  }
  return { accepted, failures };
}

test(`${COUNT} generated configs agree with Python Supervisor (seed ${SEED})`, { timeout: 120_000 }, async () => {
  const root = makeTempDir('svwcfg');
  after(() => removeTempDir(root));
  const configs = Array.from({ length: COUNT }, (_, i) => writeRandomConfig(root, SEED, i));
  const { accepted, failures } = await compareWithOracle(configs);
  assert.equal(failures.length, 0, `${failures.length} mismatches; first:\n${failures[0]}`);
  // the generator must exercise both sides of the contract
  assert.ok(accepted >= COUNT / 4, `only ${accepted} configs were valid`);
  assert.ok(accepted <= COUNT - 20, `only ${COUNT - accepted} configs were invalid`);
});

test(`${FUZZED} fuzzed configs (random characters inserted/deleted) agree with Python Supervisor`, { timeout: 120_000 }, async () => {
  const root = makeTempDir('svwfuz');
  after(() => removeTempDir(root));
  const configs = Array.from({ length: FUZZED }, (_, i) => writeFuzzedConfig(root, SEED, i));
  const { accepted, failures } = await compareWithOracle(configs);
  assert.equal(failures.length, 0, `${failures.length} mismatches; first:\n${failures[0]}`);
  assert.ok(accepted > 0 && accepted < FUZZED, `fuzzing must give both outcomes (accepted ${accepted})`);
});
