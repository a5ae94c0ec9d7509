/** The doctor's only questions, behind one small module (inquirer is loaded only when asking). */
export async function askYesNo(message: string, defaultAnswer: boolean): Promise<boolean> {
  const { default: confirm } = await import('@inquirer/confirm');
  try {
    return await confirm({ message, default: defaultAnswer }, { output: process.stderr });
  } catch (error) {
    // Ctrl-C at a prompt means "no", not a crash.
    if ((error as Error).name === 'ExitPromptError') return false;
    throw error;
  }
}
