package dev.odoostack.config;

import com.pulumi.Context;
import com.pulumi.deployment.Deployment;

import java.util.Map;
import java.util.TreeMap;

/** Reads a stack's settings from the Pulumi engine ({@code ctx.config()}), with each value's secret flag. */
public final class PulumiConfig {
    private PulumiConfig() {
    }

    public static Map<String, RawValue> read(Context ctx) {
        var config = ctx.config(ConfigKey.NAMESPACE);
        // com.pulumi.Config hands out plain and secret values alike; only the deployment's config knows which
        // keys the stack stores encrypted, and a password stored in plain text must be refused, not used.
        var engineConfig = Deployment.getInstance().getConfig();
        Map<String, RawValue> values = new TreeMap<>();
        for (ConfigKey key : ConfigKeys.ALL) {
            config.get(key.name()).ifPresent(text ->
                    values.put(key.fullName(), new RawValue(text, engineConfig.isConfigSecret(key.fullName()))));
        }
        // the Docker provider's own setting: where the stack's containers run
        ctx.config("docker").get("host").ifPresent(h -> values.put("docker:host", RawValue.plain(h)));
        return values;
    }
}
