/** `svwiz supervisors [--json] [--root DIR]`: every supervisor on this machine, in one picture (#13). */
import type { Command } from 'commander';
import { boolean, flagTable, text, type FlagValues } from '../../wizard/flag-table.js';
import { addFlags } from '../flag-options.js';

export const SUPERVISORS_FLAGS = flagTable({
  root: text('--root <dir>', 'treat DIR as / (an SD-card image or a test tree)'),
  json: boolean('--json', 'print one JSON document'),
});

export function registerSupervisorsCommand(program: Command): void {
  const supervisors = program
    .command('supervisors')
    .description('List the supervisors on this machine: installed daemons, boot services of any name, configs and running daemons');
  addFlags(supervisors, SUPERVISORS_FLAGS).action(async (options: FlagValues<typeof SUPERVISORS_FLAGS>) => {
    const { gatherSupervisorInventory, renderSupervisorInventory } = await import('../../doctor/supervisor-inventory.js');
    const inventory = gatherSupervisorInventory({ root: options.root, selfPid: process.pid });
    if (options.json) {
      const { renderJsonDocument } = await import('../../protocol/json-document.js');
      process.stdout.write(renderJsonDocument(inventory));
    } else {
      process.stdout.write(renderSupervisorInventory(inventory));
    }
  });
}
