/** `svwiz completion bash|zsh`: print a shell completion script for svwiz and svwizctl. */
import { Argument, type Command } from 'commander';

export function registerCompletionCommand(program: Command): void {
  program
    .command('completion')
    .description('Print shell completion for svwiz and svwizctl: source <(svwiz completion bash)')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh']))
    .action(async (shell: 'bash' | 'zsh') => {
      const { completionTree, renderBashCompletion, renderZshCompletion } = await import('../shell-completion.js');
      const { ACTIONS } = await import('../../ctl/help-text.js');
      const render = shell === 'bash' ? renderBashCompletion : renderZshCompletion;
      process.stdout.write(render(completionTree(program), ACTIONS));
    });
}
