/** `svwiz supervisors [--json] [--root DIR]`: every supervisor on this machine, in one picture (#13). */
import type { Command } from 'commander';

export function registerSupervisorsCommand(program: Command): void {
  program
    .command('supervisors')
    .description('List the supervisors on this machine: installed daemons, boot services of any name, configs and running daemons')
    .option('--root <dir>', 'treat DIR as / (an SD-card image or a test tree)')
    .option('--json', 'print one JSON document')
    .action(async (options: { root?: string; json?: boolean }) => {
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
