package com.pulumi.command.local;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * Inputs of {@code command:local:Command}, shaped like the generated SDK's class so that the real
 * {@code com.pulumi:command} artifact can replace it without touching callers. Only the inputs this
 * project uses are bound; {@code CommandSchemaTest} holds each against the provider's schema.
 */
public final class CommandArgs extends com.pulumi.resources.ResourceArgs {

    public static final CommandArgs Empty = new CommandArgs();

    /** Whether the previous run's stdout/stderr reach the next run as PULUMI_COMMAND_STDOUT/STDERR; the provider defaults to true. */
    @Import(name="addPreviousOutputInEnv")
    private @Nullable Output<Boolean> addPreviousOutputInEnv;

    public Optional<Output<Boolean>> addPreviousOutputInEnv() {
        return Optional.ofNullable(this.addPreviousOutputInEnv);
    }

    @Import(name="create")
    private @Nullable Output<String> create;

    public Optional<Output<String>> create() {
        return Optional.ofNullable(this.create);
    }

    @Import(name="delete")
    private @Nullable Output<String> delete;

    public Optional<Output<String>> delete() {
        return Optional.ofNullable(this.delete);
    }

    @Import(name="dir")
    private @Nullable Output<String> dir;

    public Optional<Output<String>> dir() {
        return Optional.ofNullable(this.dir);
    }

    @Import(name="environment")
    private @Nullable Output<Map<String,String>> environment;

    public Optional<Output<Map<String,String>>> environment() {
        return Optional.ofNullable(this.environment);
    }

    @Import(name="interpreter")
    private @Nullable Output<List<String>> interpreter;

    public Optional<Output<List<String>>> interpreter() {
        return Optional.ofNullable(this.interpreter);
    }

    /** One of {@code stdout}, {@code stderr}, {@code stdoutAndStderr}, {@code none}; a String because the schema's enum class is not bound. */
    @Import(name="logging")
    private @Nullable Output<String> logging;

    public Optional<Output<String>> logging() {
        return Optional.ofNullable(this.logging);
    }

    @Import(name="stdin")
    private @Nullable Output<String> stdin;

    public Optional<Output<String>> stdin() {
        return Optional.ofNullable(this.stdin);
    }

    /** A change to any of these values replaces the resource, so {@code create} runs again. */
    @Import(name="triggers")
    private @Nullable Output<List<Object>> triggers;

    public Optional<Output<List<Object>>> triggers() {
        return Optional.ofNullable(this.triggers);
    }

    /** Without it, an update runs {@code create} again. */
    @Import(name="update")
    private @Nullable Output<String> update;

    public Optional<Output<String>> update() {
        return Optional.ofNullable(this.update);
    }

    private CommandArgs() {}

    private CommandArgs(CommandArgs $) {
        this.addPreviousOutputInEnv = $.addPreviousOutputInEnv;
        this.create = $.create;
        this.delete = $.delete;
        this.dir = $.dir;
        this.environment = $.environment;
        this.interpreter = $.interpreter;
        this.logging = $.logging;
        this.stdin = $.stdin;
        this.triggers = $.triggers;
        this.update = $.update;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Builder builder(CommandArgs defaults) {
        return new Builder(defaults);
    }

    public static final class Builder {
        private CommandArgs $;

        public Builder() {
            $ = new CommandArgs();
        }

        public Builder(CommandArgs defaults) {
            $ = new CommandArgs(Objects.requireNonNull(defaults));
        }

        public Builder addPreviousOutputInEnv(@Nullable Output<Boolean> addPreviousOutputInEnv) {
            $.addPreviousOutputInEnv = addPreviousOutputInEnv;
            return this;
        }

        public Builder addPreviousOutputInEnv(Boolean addPreviousOutputInEnv) {
            return addPreviousOutputInEnv(Output.of(addPreviousOutputInEnv));
        }

        public Builder create(@Nullable Output<String> create) {
            $.create = create;
            return this;
        }

        public Builder create(String create) {
            return create(Output.of(create));
        }

        public Builder delete(@Nullable Output<String> delete) {
            $.delete = delete;
            return this;
        }

        public Builder delete(String delete) {
            return delete(Output.of(delete));
        }

        public Builder dir(@Nullable Output<String> dir) {
            $.dir = dir;
            return this;
        }

        public Builder dir(String dir) {
            return dir(Output.of(dir));
        }

        public Builder environment(@Nullable Output<Map<String,String>> environment) {
            $.environment = environment;
            return this;
        }

        public Builder environment(Map<String,String> environment) {
            return environment(Output.of(environment));
        }

        public Builder interpreter(@Nullable Output<List<String>> interpreter) {
            $.interpreter = interpreter;
            return this;
        }

        public Builder interpreter(List<String> interpreter) {
            return interpreter(Output.of(interpreter));
        }

        public Builder interpreter(String... interpreter) {
            return interpreter(List.of(interpreter));
        }

        public Builder logging(@Nullable Output<String> logging) {
            $.logging = logging;
            return this;
        }

        public Builder logging(String logging) {
            return logging(Output.of(logging));
        }

        public Builder stdin(@Nullable Output<String> stdin) {
            $.stdin = stdin;
            return this;
        }

        public Builder stdin(String stdin) {
            return stdin(Output.of(stdin));
        }

        public Builder triggers(@Nullable Output<List<Object>> triggers) {
            $.triggers = triggers;
            return this;
        }

        public Builder triggers(List<Object> triggers) {
            return triggers(Output.of(triggers));
        }

        public Builder triggers(Object... triggers) {
            return triggers(List.of(triggers));
        }

        public Builder update(@Nullable Output<String> update) {
            $.update = update;
            return this;
        }

        public Builder update(String update) {
            return update(Output.of(update));
        }

        public CommandArgs build() {
            return $;
        }
    }
}
