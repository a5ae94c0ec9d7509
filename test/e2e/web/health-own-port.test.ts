/**
 * The doctor on a running svwizd's own port, asked two ways: by the CLI (`svwiz doctor`, another
 * process) and by the daemon itself for the web UI's health panel. Both must say the port is the
 * daemon's own, also when the config keeps only a {SHA} password the doctor cannot send.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { testBin } from '../../helpers/bins.js';
import { startWebSvwizd } from '../../helpers/svwizd-daemon.js';
import { AUTH } from './web-e2e-setup.js';

const SVWIZ_BIN = testBin('svwiz');

interface CheckOutcome {
  id: string;
  status: string;
  findings: { message: string }[];
}

function cliDoctor(configFile: string): Promise<CheckOutcome[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [SVWIZ_BIN, 'doctor', '--json', '-c', configFile], { timeout: 120000 }, (error, stdout) => {
      try {
        resolve((JSON.parse(stdout) as { checks: CheckOutcome[] }).checks);
      } catch {
        reject(error ?? new Error(`svwiz doctor printed no JSON: ${stdout}`));
      }
    });
  });
}

async function webHealth(url: string): Promise<CheckOutcome[]> {
  const response = await fetch(`${url}/api/health`, {
    headers: { Authorization: `Basic ${Buffer.from(`${AUTH.username}:${AUTH.password}`).toString('base64')}`, 'Sec-Fetch-Site': 'same-origin' },
  });
  assert.equal(response.status, 200);
  return ((await response.json()) as { checks: CheckOutcome[] }).checks;
}

describe("the doctor on the daemon's own port, from the CLI and from the web UI", { timeout: 180000 }, () => {
  for (const [label, stored] of [
    ['a plain password', AUTH.password],
    ['only a {SHA} password', `{SHA}${createHash('sha1').update(AUTH.password).digest('hex')}`],
  ] as const) {
    it(`agree that the port is ours, with ${label}`, async () => {
      const dir = makeTempDir('svw-ownport');
      const daemon = await startWebSvwizd(dir, AUTH, '[program:sleeper]\ncommand=/bin/sleep 1000\n', { storedPassword: stored });
      try {
        const configFile = path.join(dir, 'supervisord.conf');
        for (const [who, checks] of [['cli', await cliDoctor(configFile)], ['web', await webHealth(daemon.url)]] as const) {
          const port = checks.find((check) => check.id === 'port-collision');
          assert.ok(port, `${who}: the port check ran`);
          assert.equal(port.status, 'ok', `${who}: ${JSON.stringify(port.findings)}`);
        }
      } finally {
        await daemon.stop();
        removeTempDir(dir);
      }
    });
  }
});
