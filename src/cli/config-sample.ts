/** `svwiz sample-config`: print svwiz's commented sample supervisord.conf. */
import { SAMPLE_SUPERVISORD_CONF } from '../config/sample-config.js';

export function runSampleConfig(): number {
  process.stdout.write(SAMPLE_SUPERVISORD_CONF);
  return 0;
}
