package dev.odoostack.images;

import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docker/scripts/fetch-addons.sh, run as the Pulumi command resource runs it, against real git repositories
 * made here and reached over file:// URLs. The test only runs the script and looks at files and commits.
 */
class FetchAddonsTest {
    static final Path SCRIPT = Path.of("docker/scripts/fetch-addons.sh").toAbsolutePath();
    static final String MARKER = ".git/odoo-stack-fetch-addons";

    @TempDir
    Path tmp;
    Path home;
    Path addons;
    Path upstream;
    String url;

    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        String describe() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @BeforeAll
    static void gitIsInstalled() throws Exception {
        assumeTrue(Cmd.onPath("git"), "git is not installed");
    }

    @BeforeEach
    void repositories() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        addons = tmp.resolve("state/opw/addons");
        upstream = tmp.resolve("upstream/community.git");
        Files.createDirectories(upstream);
        git(upstream, "init", "--quiet", "--initial-branch=main");
        url = upstream.toUri().toString();
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** Runs git in {@code dir} with a fixed identity and no configuration of this machine's user. */
    String git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString(),
                "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        Result r = exec(cmd, Map.of());
        assertEquals(0, r.code(), String.join(" ", cmd) + "\n" + r.describe());
        return r.out().trim();
    }

    /** Commits {@code content} as module_a/__manifest__.py upstream; returns the commit id. */
    String commit(String content) throws Exception {
        Path file = upstream.resolve("module_a/__manifest__.py");
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        git(upstream, "add", "--all");
        git(upstream, "commit", "--quiet", "--message", content);
        return git(upstream, "rev-parse", "HEAD");
    }

    Result fetch(String repositories) throws Exception {
        return exec(List.of(SCRIPT.toString()), Map.of("ADDONS_DIR", addons.toString(), "ADDON_REPOSITORIES", repositories));
    }

    static String line(String url, String ref, String dir) {
        return url + "\t" + ref + "\t" + dir + "\n";
    }

    Result exec(List<String> command, Map<String, String> extraEnv) throws Exception {
        Map<String, String> env = new java.util.HashMap<>();
        System.getenv().keySet().stream().filter(k -> k.startsWith("GIT_") || k.startsWith("ADDON")).forEach(k -> env.put(k, null));
        env.put("HOME", home.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.putAll(extraEnv);
        Cmd.Result r = Cmd.run(command, env, null, java.time.Duration.ofSeconds(120));
        return new Result(r.exit(), r.out(), r.err());
    }

    String head(String dir) throws Exception {
        return git(addons.resolve(dir), "rev-parse", "HEAD");
    }

    String manifest(String dir) throws IOException {
        return Files.readString(addons.resolve(dir).resolve("module_a/__manifest__.py"));
    }

    /** Every entry of ADDONS_DIR, hidden ones included (temporary clones, the lock). */
    List<String> addonsEntries() throws IOException {
        if (!Files.exists(addons)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(addons)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ---- cases ----------------------------------------------------------------------------------------------

    @Test
    void firstFetchClonesAndChecksOutTheRefDetached() throws Exception {
        String a = commit("v1");

        Result r = fetch(line(url, "main", "community"));

        assertEquals(0, r.code(), r.describe());
        assertEquals("community " + a + " main\n", r.out(), "stdout holds only the result lines");
        assertEquals(a, head("community"));
        assertEquals("HEAD", git(addons.resolve("community"), "rev-parse", "--abbrev-ref", "HEAD"), "detached HEAD");
        assertEquals("v1", manifest("community"));
        assertTrue(Files.isRegularFile(addons.resolve("community").resolve(MARKER)), "marker of its own checkouts");
        assertEquals(List.of("community"), addonsEntries(), "no temporary clone, lock or error file left behind");
        if (!isPrivateUmask()) {
            assertTrue(Files.getPosixFilePermissions(addons.resolve("community")).containsAll(
                    Set.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE)),
                    "the checkout follows the umask, not mktemp's 0700: the container's odoo user must read it");
        }
    }

    static boolean isPrivateUmask() throws Exception {
        String mask = Cmd.run(List.of("sh", "-c", "umask")).orThrow().out().trim();
        return (Integer.parseInt(mask, 8) & 04) != 0;
    }

    @Test
    void updatesToABranchATagOrACommitId() throws Exception {
        String a = commit("v1");
        git(upstream, "tag", "v1");
        String b = commit("v2");
        String c = commit("v3");

        Result tag = fetch(line(url, "v1", "community"));
        assertEquals(0, tag.code(), tag.describe());
        assertEquals("community " + a + " v1\n", tag.out());
        assertEquals("v1", manifest("community"));

        Result branch = fetch(line(url, "main", "community"));
        assertEquals(0, branch.code(), branch.describe());
        assertEquals("community " + c + " main\n", branch.out());
        assertEquals(c, head("community"));
        assertEquals("v3", manifest("community"));

        // b is on no branch tip and no tag: fetched by its id
        Result commitId = fetch(line(url, b, "community"));
        assertEquals(0, commitId.code(), commitId.describe());
        assertEquals("community " + b + " " + b + "\n", commitId.out());
        assertEquals(b, head("community"));
        assertEquals("v2", manifest("community"));

        String d = commit("v4");
        Result moved = fetch(line(url, "main", "community"));
        assertEquals(0, moved.code(), moved.describe());
        assertEquals(d, head("community"), "a branch is fetched again on every run");
        assertEquals(List.of("community"), addonsEntries());
    }

    @Test
    void aMissingRefLeavesEveryCheckoutAsItWas() throws Exception {
        String a = commit("v1");
        Path other = tmp.resolve("upstream/other.git");
        Files.createDirectories(other);
        git(other, "init", "--quiet", "--initial-branch=main");
        Files.writeString(other.resolve("README"), "other");
        git(other, "add", "README");
        git(other, "commit", "--quiet", "--message", "other");
        String otherUrl = other.toUri().toString();
        Result first = fetch(line(url, "main", "community") + line(otherUrl, "main", "other"));
        assertEquals(0, first.code(), first.describe());
        String otherHead = head("other");
        commit("v2");

        // community could move to v2, but other's ref is missing: nothing moves
        Result r = fetch(line(url, "main", "community") + line(otherUrl, "no-such-branch", "other"));

        assertEquals(1, r.code(), r.describe());
        assertEquals("", r.out());
        List<String> reasons = r.errLines().stream().filter(l -> l.startsWith("fetch-addons: other: ") && !l.contains("fetching")).toList();
        assertEquals(1, reasons.size(), r.describe());
        assertTrue(reasons.get(0).contains("ref 'no-such-branch' not found") && reasons.get(0).contains(otherUrl), reasons.get(0));
        assertTrue(r.errLines().stream().noneMatch(l -> l.startsWith("fetch-addons: community: ") && !l.contains("fetching")), r.describe());
        assertEquals(a, head("community"), "the other repository's failure keeps this one where it was");
        assertEquals("v1", manifest("community"));
        assertEquals(otherHead, head("other"));
        assertEquals("", git(addons.resolve("community"), "status", "--porcelain"));
        assertEquals(List.of("community", "other"), addonsEntries());
    }

    @Test
    void anUnreachableUrlFailsWithOneLineNamingTheRepository() throws Exception {
        commit("v1");
        String missing = tmp.resolve("upstream/missing.git").toUri().toString();

        Result r = fetch(line(url, "main", "community") + line(missing, "main", "enterprise"));

        assertEquals(1, r.code(), r.describe());
        assertEquals("", r.out());
        List<String> reasons = r.errLines().stream().filter(l -> l.startsWith("fetch-addons: enterprise: ") && !l.contains("fetching")).toList();
        assertEquals(1, reasons.size(), r.describe());
        assertTrue(reasons.get(0).startsWith("fetch-addons: enterprise: cannot fetch " + missing + ": "), reasons.get(0));
        assertEquals(List.of(), addonsEntries(), "neither the new clone of community nor anything of enterprise is put in place");
    }

    /** The one line of a repository that cannot be fetched, from stderr (not the progress line, not the summary). */
    static String reasonLine(Result r, String dir) {
        List<String> reasons = r.errLines().stream()
                .filter(l -> l.startsWith("fetch-addons: " + dir + ": ") && !l.contains(": fetching ")).toList();
        assertEquals(1, reasons.size(), r.describe());
        return reasons.get(0);
    }

    @Test
    void anSshRepositoryItCannotReachIsNamedWithTheKeyItTriedButNotTheKeysContent() throws Exception {
        Path key = Files.createDirectories(home.resolve(".ssh")).resolve("id_ed25519");
        Files.writeString(key, "-----BEGIN OPENSSH PRIVATE KEY----- secret-key-material\n");
        // nothing listens on port 1: the fetch fails at once, as for a host this machine cannot reach
        String url = "ssh://git@127.0.0.1:1/odoo/enterprise.git";

        Result r = exec(List.of(SCRIPT.toString()), Map.of("ADDONS_DIR", addons.toString(),
                "ADDON_REPOSITORIES", line(url, "19.0", "enterprise"), "SSH_AUTH_SOCK", ""));

        assertEquals(1, r.code(), r.describe());
        assertEquals("fetch-addons: enterprise: cannot fetch ssh://git@127.0.0.1:1/odoo/enterprise.git with SSH key file(s) "
                + "~/.ssh/id_ed25519: ssh: connect to host 127.0.0.1 port 1: Connection refused; "
                + "check that this machine reaches it and that this credential may read it", reasonLine(r, "enterprise"));
        assertFalse(r.err().contains("secret-key-material"), r.describe());
    }

    @Test
    void anHttpsRepositoryItCannotReachIsNamedWithTheCredentialHelperButNoTokenIsPrinted() throws Exception {
        Path store = tmp.resolve("git-credentials");
        Files.writeString(store, "https://deploy:ghp_tokenvalue@127.0.0.1%3a1\n");
        String url = "https://ghp_usertoken@127.0.0.1:1/odoo/enterprise.git";

        Result r = exec(List.of(SCRIPT.toString()), Map.of("ADDONS_DIR", addons.toString(),
                "ADDON_REPOSITORIES", line(url, "19.0", "enterprise"),
                "GIT_CONFIG_COUNT", "1", "GIT_CONFIG_KEY_0", "credential.helper", "GIT_CONFIG_VALUE_0", "store --file " + store));

        assertEquals(1, r.code(), r.describe());
        String reason = reasonLine(r, "enterprise");
        assertTrue(reason.startsWith("fetch-addons: enterprise: cannot fetch https://…@127.0.0.1:1/odoo/enterprise.git with "
                + "the user name in the URL and git credential helper 'store': "), reason);
        assertFalse(r.err().contains("ghp_"), "neither the token in the URL nor the stored one: " + r.describe());
    }

    @Test
    void withoutAnyCredentialItSaysSo() throws Exception {
        Result r = exec(List.of(SCRIPT.toString()), Map.of("ADDONS_DIR", addons.toString(),
                "ADDON_REPOSITORIES", line("https://127.0.0.1:1/odoo/enterprise.git", "19.0", "enterprise")));

        assertEquals(1, r.code(), r.describe());
        assertTrue(reasonLine(r, "enterprise").startsWith("fetch-addons: enterprise: cannot fetch https://127.0.0.1:1/odoo/enterprise.git "
                + "with no git credential helper for https://127.0.0.1:1: "), r.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "/abs", "a/b", "../escape", ".hidden", "", "with space", "-x"})
    void aBadDirIsRefusedBeforeAnythingIsFetched(String dir) throws Exception {
        commit("v1");

        Result r = fetch(line(url, "main", dir));

        assertEquals(2, r.code(), r.describe());
        assertEquals("", r.out());
        assertTrue(r.err().contains("ADDON_REPOSITORIES line 1: "), r.describe());
        assertEquals(List.of(), addonsEntries());
        assertFalse(Files.exists(tmp.resolve("state/opw/escape")) || Files.exists(Path.of("/abs")));
    }

    @Test
    void badLinesAreAllReportedAndNothingIsFetched() throws Exception {
        commit("v1");

        Result r = fetch(line(url, "main", "community") + url + "\tmain\n" + line(url, "main", "community")
                + line("https://user:token@example.com/x.git", "main", "x") + line(url, "bad..ref", "y"));

        assertEquals(2, r.code(), r.describe());
        assertTrue(r.err().contains("line 2: expected <url> TAB <ref> TAB <dir>"), r.describe());
        assertTrue(r.err().contains("line 3: dir 'community' is already used on line 1"), r.describe());
        assertTrue(r.err().contains("line 4: url carries a password"), r.describe());
        assertTrue(r.err().contains("line 5: ref 'bad..ref' is not a valid"), r.describe());
        assertFalse(r.err().contains("token"), "the password is not repeated");
        assertEquals(List.of(), addonsEntries());
    }

    @Test
    void aSecondRunChangesNothing() throws Exception {
        String a = commit("v1");
        Result first = fetch(line(url, "main", "community"));
        assertEquals(0, first.code(), first.describe());
        Path manifest = addons.resolve("community/module_a/__manifest__.py");
        FileTime before = Files.getLastModifiedTime(manifest);
        long inode = (long) Files.getAttribute(addons.resolve("community"), "unix:ino");

        Result second = fetch(line(url, "main", "community"));

        assertEquals(0, second.code(), second.describe());
        assertEquals(first.out(), second.out());
        assertEquals(a, head("community"));
        assertEquals(before, Files.getLastModifiedTime(manifest), "no file is rewritten");
        assertEquals(inode, (long) Files.getAttribute(addons.resolve("community"), "unix:ino"), "the same directory");
        assertEquals("", git(addons.resolve("community"), "status", "--porcelain"));
        assertEquals(List.of("community"), addonsEntries());
    }

    @Test
    void aCommitIdAlreadyPresentNeedsNoNetwork() throws Exception {
        String a = commit("v1");
        assertEquals(0, fetch(line(url, a, "community")).code());
        // the upstream is gone: a commit id that is already here needs no fetch
        try (Stream<Path> files = Files.walk(upstream)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertFalse(Files.exists(upstream));

        Result r = fetch(line(url, a, "community"));

        assertEquals(0, r.code(), r.describe());
        assertEquals("community " + a + " " + a + "\n", r.out());
    }

    @Test
    void aDirectoryItDidNotCreateIsLeftAlone() throws Exception {
        commit("v1");
        Path mine = Files.createDirectories(addons.resolve("community"));
        Files.writeString(mine.resolve("notes.txt"), "mine");

        Result r = fetch(line(url, "main", "community"));

        assertEquals(1, r.code(), r.describe());
        assertTrue(r.err().contains("fetch-addons: community: " + mine + " exists but was not created by fetch-addons"), r.describe());
        assertEquals("mine", Files.readString(mine.resolve("notes.txt")));
        try (Stream<Path> files = Files.list(mine)) {
            assertEquals(List.of("notes.txt"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void localChangesAreNotOverwritten() throws Exception {
        String a = commit("v1");
        assertEquals(0, fetch(line(url, "main", "community")).code());
        Files.writeString(addons.resolve("community/module_a/__manifest__.py"), "hot fix");
        commit("v2");

        Result r = fetch(line(url, "main", "community"));

        assertEquals(1, r.code(), r.describe());
        assertTrue(r.err().contains("has local changes to tracked files"), r.describe());
        assertEquals("hot fix", manifest("community"));
        assertEquals(a, head("community"));
    }

    @Test
    void noRepositoriesIsNothingToDo() throws Exception {
        Result r = fetch("");
        assertEquals(0, r.code(), r.describe());
        assertEquals("", r.out());
    }

    @Test
    void withoutItsEnvironmentItSaysWhatIsMissing() throws Exception {
        Result r = exec(List.of(SCRIPT.toString()), Map.of("ADDON_REPOSITORIES", ""));
        assertEquals(2, r.code(), r.describe());
        assertTrue(r.err().contains("ADDONS_DIR is not set"), r.describe());
        Result help = exec(List.of(SCRIPT.toString(), "--help"), Map.of());
        assertEquals(0, help.code());
        assertTrue(help.out().contains("<url> TAB <ref> TAB <dir>") && help.out().contains("Exit status"), help.out());
    }
}
