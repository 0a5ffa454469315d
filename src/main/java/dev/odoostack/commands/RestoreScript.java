package dev.odoostack.commands;

import dev.odoostack.assembly.DeploymentModel;
import dev.odoostack.engine.Failure;
import dev.odoostack.engine.Processes;
import dev.odoostack.restore.Restore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * restore.sh run on the stack's running containers, whichever engine deployed them, with the environment the
 * program computes for the stack (restore.Restore.environment): a snapshot, a rollback, a restore from backups.
 */
final class RestoreScript {
    private RestoreScript() {
    }

    /**
     * @param flags     restore.sh's own (--snapshot, --rollback; none for a restore from backups)
     * @param snapshot  a backup's snapshot id or "latest"; null for a snapshot or a rollback
     * @param fromStack the stack whose backups to use; null: this one
     * @return restore.sh's exit code (its last line said why it failed)
     */
    static int run(StackFacts facts, List<String> flags, String snapshot, String fromStack) {
        try {
            return run(facts, flags, DeploymentModel.restoreEnvironment(facts.settings(), facts.env().project(), snapshot, fromStack,
                    facts.filestoreVolumeDir()));
        } catch (IllegalArgumentException e) {
            throw new Failure("restore " + facts.stack() + ": " + e.getMessage());
        }
    }

    /** restore.sh with {@code flags} and the environment given (a cutover's), on the stack's engine. */
    static int run(StackFacts facts, List<String> flags, Map<String, String> scriptEnv) {
        Env env = facts.env();
        Map<String, String> vars = new HashMap<>(env.vars());
        vars.put("DOCKER_HOST", facts.docker().engine());
        vars.putAll(scriptEnv);
        List<String> c = new ArrayList<>(List.of(env.project().resolve(Restore.SCRIPT).toString()));
        c.addAll(flags);
        env.out().flush();
        env.err().flush();
        return Processes.attached(c, vars, env.project());
    }
}
