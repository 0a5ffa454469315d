package dev.odoostack.restore;

import dev.odoostack.testing.Cmd;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * restore.sh sourced, as a library: it defines its functions and runs nothing, and its pieces can be called one
 * by one. No servers needed.
 */
class RestoreScriptSourcedTest {

    @TempDir
    Path tmp;

    @Test
    void sourcingDefinesTheFunctionsAndRunsNothing() {
        // no variable is set: run, the script would refuse with status 2; sourced, it must not even look
        Cmd.Result r = bash("""
                set +e
                source "$SCRIPT"
                echo "status $?"
                [[ $- == *e* ]] && echo "errexit turned on in the caller"
                declare -F main swap_generations generation_renames fs_rotate | tr '\\n' ' '
                """);
        assertEquals("status 0\nmain swap_generations generation_renames fs_rotate ", r.out());
        assertEquals("", r.err());
    }

    @Test
    void oneListOfRenamesMakesEachModesSwapOfTheDirectoriesAndTheUndoRestoresThem() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("filestore"));
        for (String gen : List.of("shop", "shop~previous", "shop~restore")) {
            Files.createDirectories(root.resolve(gen));
            Files.writeString(root.resolve(gen).resolve("which"), gen);
        }
        Cmd.Result r = bash("""
                set -euo pipefail
                source "$SCRIPT"
                TARGET_DB=shop TARGET_FILESTORE_ROOT=$ROOT
                set_names
                show() { for d in "$ROOT"/*; do printf '%s=%s ' "${d##*/}" "$(cat "$d/which")"; done; echo; }
                for MODE in restore rollback; do
                  generation_renames "$MODE"
                  read -r -a renames <<<"$(generation_renames "$MODE")"
                  fs_rotate "${renames[@]}"
                  show
                  fs_undo
                  show
                done
                """, root);
        assertEquals("""
                ?shop~previous shop~swap ?shop shop~previous shop~restore shop
                shop=shop~restore shop~previous=shop shop~swap=shop~previous\s
                shop=shop shop~previous=shop~previous shop~restore=shop~restore\s
                ?shop shop~swap shop~previous shop ?shop~swap shop~previous
                shop=shop~previous shop~previous=shop shop~restore=shop~restore\s
                shop=shop shop~previous=shop~previous shop~restore=shop~restore\s
                """, r.out(), r.err());
    }

    @Test
    void aFirstRestoreSkipsTheGenerationsThatDoNotExistYet() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("first"));
        Files.createDirectories(root.resolve("shop~restore"));
        Cmd.Result r = bash("""
                set -euo pipefail
                source "$SCRIPT"
                TARGET_DB=shop TARGET_FILESTORE_ROOT=$ROOT MODE=restore
                set_names
                read -r -a renames <<<"$(generation_renames "$MODE")"
                fs_rotate "${renames[@]}"
                ls "$ROOT"
                """, root);
        assertEquals("shop\n", r.out(), r.err());
    }

    private Cmd.Result bash(String script) {
        return bash(script, tmp);
    }

    /** Runs a bash script with SCRIPT (restore.sh) and ROOT set, in the C locale (the order of a glob). */
    private static Cmd.Result bash(String script, Path root) {
        return Cmd.run(List.of("bash", "-c", script), Map.of("SCRIPT", RestoreScriptTest.SCRIPT.toAbsolutePath().toString(),
                "ROOT", root.toString(), "LC_ALL", "C"), null, Duration.ofSeconds(30));
    }
}
