package com.pulumi.command.local;

import com.pulumi.command.Utilities;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.ResourceType;
import com.pulumi.core.internal.Codegen;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * A command run on the machine that runs Pulumi, bound by hand because {@code com.pulumi:command} is not
 * available from Maven here. Package, class, annotations and constructors follow the generated SDK so that
 * the real artifact can replace it; only the properties this project uses are bound, and
 * {@code CommandSchemaTest} holds them against the provider's schema.
 */
@ResourceType(type="command:local:Command")
public class Command extends com.pulumi.resources.CustomResource {
    @Export(name="addPreviousOutputInEnv", refs={Boolean.class}, tree="[0]")
    private Output</* @Nullable */ Boolean> addPreviousOutputInEnv;

    public Output<Optional<Boolean>> addPreviousOutputInEnv() {
        return Codegen.optional(this.addPreviousOutputInEnv);
    }

    @Export(name="create", refs={String.class}, tree="[0]")
    private Output</* @Nullable */ String> create;

    public Output<Optional<String>> create() {
        return Codegen.optional(this.create);
    }

    @Export(name="delete", refs={String.class}, tree="[0]")
    private Output</* @Nullable */ String> delete;

    public Output<Optional<String>> delete() {
        return Codegen.optional(this.delete);
    }

    @Export(name="dir", refs={String.class}, tree="[0]")
    private Output</* @Nullable */ String> dir;

    public Output<Optional<String>> dir() {
        return Codegen.optional(this.dir);
    }

    // the generator lists each class once in refs, so Map<String,String> points at String twice
    @Export(name="environment", refs={Map.class,String.class}, tree="[0,1,1]")
    private Output</* @Nullable */ Map<String,String>> environment;

    public Output<Optional<Map<String,String>>> environment() {
        return Codegen.optional(this.environment);
    }

    @Export(name="interpreter", refs={List.class,String.class}, tree="[0,1]")
    private Output</* @Nullable */ List<String>> interpreter;

    public Output<Optional<List<String>>> interpreter() {
        return Codegen.optional(this.interpreter);
    }

    @Export(name="logging", refs={String.class}, tree="[0]")
    private Output</* @Nullable */ String> logging;

    public Output<Optional<String>> logging() {
        return Codegen.optional(this.logging);
    }

    @Export(name="stderr", refs={String.class}, tree="[0]")
    private Output<String> stderr;

    public Output<String> stderr() {
        return this.stderr;
    }

    @Export(name="stdin", refs={String.class}, tree="[0]")
    private Output</* @Nullable */ String> stdin;

    public Output<Optional<String>> stdin() {
        return Codegen.optional(this.stdin);
    }

    @Export(name="stdout", refs={String.class}, tree="[0]")
    private Output<String> stdout;

    public Output<String> stdout() {
        return this.stdout;
    }

    @Export(name="triggers", refs={List.class,Object.class}, tree="[0,1]")
    private Output</* @Nullable */ List<Object>> triggers;

    public Output<Optional<List<Object>>> triggers() {
        return Codegen.optional(this.triggers);
    }

    @Export(name="update", refs={String.class}, tree="[0]")
    private Output</* @Nullable */ String> update;

    public Output<Optional<String>> update() {
        return Codegen.optional(this.update);
    }

    public Command(String name) {
        this(name, CommandArgs.Empty);
    }

    public Command(String name, @Nullable CommandArgs args) {
        this(name, args, null);
    }

    public Command(String name, @Nullable CommandArgs args, @Nullable com.pulumi.resources.CustomResourceOptions options) {
        super("command:local:Command", name, args == null ? CommandArgs.Empty : args, makeResourceOptions(options, Codegen.empty()));
    }

    private Command(String name, Output<String> id, @Nullable com.pulumi.resources.CustomResourceOptions options) {
        super("command:local:Command", name, null, makeResourceOptions(options, id));
    }

    // the version makes the engine use the provider plugin release this binding matches, not whatever is installed.
    // replaceOnChanges: the schema marks triggers replaceOnChanges, but only the SDK that registers the resource can
    // ask the engine for it (the provider's Node, Python, Go and .NET SDKs do; its Java SDK, which this binding
    // followed, does not): without it a changed trigger updated the command in place, running its update line
    // and never its delete (CommandProviderTest, against the real provider)
    private static com.pulumi.resources.CustomResourceOptions makeResourceOptions(@Nullable com.pulumi.resources.CustomResourceOptions options, @Nullable Output<String> id) {
        var defaultOptions = com.pulumi.resources.CustomResourceOptions.builder()
            .version(Utilities.getVersion())
            .replaceOnChanges("triggers[*]")
            .build();
        return com.pulumi.resources.CustomResourceOptions.merge(defaultOptions, options, id);
    }

    /** Looks up an existing command by its provider id, as the generated SDK does. */
    public static Command get(String name, Output<String> id, @Nullable com.pulumi.resources.CustomResourceOptions options) {
        return new Command(name, id, options);
    }
}
