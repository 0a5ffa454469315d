package dev.odoostack.plan;

import com.pulumi.test.Mocks;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the mock engine answers when a resource is created: its inputs back, plus the few computed outputs the
 * program reads that can be made from the inputs, so that the same files always give the same plan. An output
 * that cannot be (what a command prints) is not answered, and the plan shows it as unknown.
 */
final class PlanMocks implements Mocks {
    private final Map<String, Object> previousOutputs;

    /** @param previousOutputs what the stack's last deployment exported, as a stack reference to itself reads it */
    PlanMocks(Map<String, Object> previousOutputs) {
        this.previousOutputs = previousOutputs;
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        Map<String, Object> state = new HashMap<>(args.inputs);
        if (args.type.equals("docker:index/remoteImage:RemoteImage")) {
            // the real id is known only after the pull; the reference reads better than a made-up digest
            state.put("imageId", args.inputs.get("name"));
            state.put("repoDigest", args.inputs.get("name"));
        }
        if (args.type.equals("pulumi:pulumi:StackReference")) {
            state.put("outputs", previousOutputs);
            state.put("secretOutputNames", java.util.List.of());
        }
        // a command's stdout and stderr are left out: the engine knows them only once the command has run, so they
        // stay unknown in the plan, as in a preview; an answer made up here (an empty output) would reach the
        // inputs derived from them as a value that looks real (a digest of nothing)
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(args.name + "-id"), state));
    }
}
