import type { Command } from 'commander';

/** Declares the service commands of svwiz (filled in by the service work). */
export function registerServiceCommands(_program: Command): void {}
