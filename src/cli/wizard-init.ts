/** Handler of `svwiz init`: commander's options → the init flow. */
import { runInit } from '../wizard/init-flow.js';
import { pickFlags } from '../wizard/flag-table.js';
import { INIT_FLAGS, WIZARD_COMMON_FLAGS } from '../wizard/flags.js';

export async function runInitCommand(opts: object): Promise<number> {
  return runInit({ ...pickFlags(opts, WIZARD_COMMON_FLAGS), ...pickFlags(opts, INIT_FLAGS) });
}
