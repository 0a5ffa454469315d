package dev.odoostack.commands;

import dev.odoostack.engine.PulumiInstall;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code install-pulumi}: the pinned Pulumi CLI, sha256-checked, into the tool directory. */
@Command(name = "install-pulumi",
        customSynopsis = "bin/odoo-stack install-pulumi",
        description = {
                "Install the pinned Pulumi CLI into .odoo-stack/tools/ (verified by its sha256);",
                "up and preview offer the same where no CLI is found."})
final class InstallPulumi implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    private final Env env;

    InstallPulumi(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        var pulumi = PulumiInstall.of(env.repo(), env.home());
        if (pulumi.installed()) {
            env.err().println("odoo-stack: Pulumi " + pulumi.version() + " is already in " + pulumi.tools());
        } else {
            pulumi.install(env.vars(), env.err());
        }
        return 0;
    }
}
