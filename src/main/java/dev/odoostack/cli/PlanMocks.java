package dev.odoostack.cli;

import com.pulumi.test.Mocks;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the mock engine answers when a resource is created: its inputs back, plus the few computed outputs the
 * program reads, made from the inputs so that the same files always give the same plan.
 */
final class PlanMocks implements Mocks {
    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        Map<String, Object> state = new HashMap<>(args.inputs);
        if (args.type.equals("docker:index/remoteImage:RemoteImage")) {
            // the real id is known only after the pull; the reference reads better than a made-up digest
            state.put("imageId", args.inputs.get("name"));
            state.put("repoDigest", args.inputs.get("name"));
        }
        if (args.type.equals("command:local:Command")) {
            state.put("stdout", "");
            state.put("stderr", "");
        }
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(args.name + "-id"), state));
    }
}
