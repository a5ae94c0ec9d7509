import type { Command } from 'commander';

/** Declares the doctor commands of svwiz (filled in by the doctor work). */
export function registerDoctorCommands(_program: Command): void {}
