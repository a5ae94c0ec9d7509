import type { Command } from 'commander';

/** Declares the wizard commands of svwiz (filled in by the wizard work). */
export function registerWizardCommands(_program: Command): void {}
