package org.nftb.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * {@code nftb completion}: the shell completion script picocli generates from the command tree (bash, and zsh with
 * {@code bashcompinit}). Install: {@code ./nftb completion > ~/.local/share/bash-completion/completions/nftb}, or
 * {@code source <(./nftb completion)} in a shell.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print the bash/zsh completion script for nftb (source <(./nftb completion), or save it as "
                + "~/.local/share/bash-completion/completions/nftb).")
public final class CompletionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.print(AutoComplete.bash("nftb", Main.commandLine()));
        System.out.flush();
        return 0;
    }
}
