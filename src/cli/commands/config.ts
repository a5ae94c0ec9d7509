import type { Command } from 'commander';

/** Declares the config commands of svwiz (filled in by the config work). */
export function registerConfigCommands(_program: Command): void {}
