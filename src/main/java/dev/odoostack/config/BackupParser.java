package dev.odoostack.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.odoostack.config.ConfigKeys.*;
import static dev.odoostack.config.Settings.RepositoryKind.LOCAL;
import static dev.odoostack.config.Settings.RepositoryKind.S3;
import static dev.odoostack.config.Settings.RepositoryKind.SFTP;

/** Backups: on by default for production, where losing the data is losing the books. */
final class BackupParser {
    static final List<ConfigKey> BACKUP_KEYS = List.of(BACKUP_REPOSITORY, BACKUP_INTERVAL, BACKUP_KEEP_HOURLY,
            BACKUP_KEEP_DAILY, BACKUP_KEEP_WEEKLY, BACKUP_KEEP_MONTHLY, BACKUP_SSH_DIR, BACKUP_PASSWORD,
            BACKUP_S3_ACCESS_KEY_ID, BACKUP_S3_SECRET_ACCESS_KEY);
    private static final Pattern INTERVAL = Pattern.compile("([1-9][0-9]{0,5})([mhd])");
    private static final Pattern SFTP_REPOSITORY = Pattern.compile("sftp:([A-Za-z0-9._-]+@)?[A-Za-z0-9.-]+(:[0-9]{1,5})?:/[^\\s,]*");
    private static final Pattern S3_REPOSITORY = Pattern.compile("s3:https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/[A-Za-z0-9._-]+(/[^\\s,]*)?");

    private final RawSettings in;

    BackupParser(RawSettings in) {
        this.in = in;
    }

    Optional<Settings.Backup> parse(boolean production, String stateRoot) {
        boolean on = in.text(BACKUP).isPresent() ? in.boolOr(BACKUP, production) : production;
        boolean allowed = in.bool(PRODUCTION_WITHOUT_BACKUPS);
        if (production && !on && !allowed && in.problemsFor(BACKUP) == 0) {
            in.add(new Problem(BACKUP.fullName(), "\"false\"",
                    "this stack is production (production = true) and is not backed up: losing the Docker host would lose its data",
                    PRODUCTION_WITHOUT_BACKUPS.setCommand(in.stack, "true") + " (if it is backed up by other means; or back it up: "
                            + "pulumi config rm backup --stack " + in.stack + " with a backupRepository, docs/backups.md)"));
        }
        if (!on) {
            in.notApplicable(BACKUP_KEYS, "is a backup setting, but backups are off for this stack (backup = false"
                            + (in.text(BACKUP).isPresent() ? "" : ", the default of a non-production stack") + ")",
                    k -> backupOnWorks() ? BACKUP.setCommand(in.stack, "true") + " (or pulumi config rm " + k.name() + " --stack " + in.stack + ")"
                            : "pulumi config rm " + k.name() + " --stack " + in.stack + " (or back the stack up: "
                            + BACKUP.setCommand(in.stack, "true") + " with a backupRepository, docs/backups.md)");
            return Optional.empty();
        }
        String repository = in.stripped(BACKUP_REPOSITORY);
        Settings.RepositoryKind kind = repository(repository, production, stateRoot);
        int interval = interval();
        String sshDir = sshDir(kind);
        s3KeysMatch(kind);
        List<ConfigKey> keep = List.of(BACKUP_KEEP_HOURLY, BACKUP_KEEP_DAILY, BACKUP_KEEP_WEEKLY, BACKUP_KEEP_MONTHLY);
        if (production && !allowed && keep.stream().allMatch(k -> in.text(k).map(String::strip).filter("0"::equals).isPresent())) {
            in.add(new Problem(BACKUP_KEEP_HOURLY.fullName(), "\"0\" (and backupKeepDaily, backupKeepWeekly, backupKeepMonthly 0)",
                    "every retention count is 0 on a production stack: the retention policy means to keep no backup",
                    keep.stream().map(k -> "pulumi config rm " + k.name() + " --stack " + in.stack).collect(java.util.stream.Collectors.joining(" && "))
                            + " (the defaults: 24 hourly, 7 daily, 4 weekly, 12 monthly; or "
                            + PRODUCTION_WITHOUT_BACKUPS.setCommand(in.stack, "true") + " if it is backed up by other means)"));
        }
        Optional<Secret> keyId = kind == S3 ? Optional.of(in.secret(BACKUP_S3_ACCESS_KEY_ID)) : Optional.empty();
        Optional<Secret> secretKey = kind == S3 ? Optional.of(in.secret(BACKUP_S3_SECRET_ACCESS_KEY)) : Optional.empty();
        return Optional.of(new Settings.Backup(repository, kind, interval, in.integer(BACKUP_KEEP_HOURLY, 0, 1000),
                in.integer(BACKUP_KEEP_DAILY, 0, 1000), in.integer(BACKUP_KEEP_WEEKLY, 0, 1000),
                in.integer(BACKUP_KEEP_MONTHLY, 0, 1000), sshDir, in.secret(BACKUP_PASSWORD), keyId, secretKey));
    }

    /** Whether turning backups on is a fix by itself: the repository is set, so nothing else is then missing. */
    private boolean backupOnWorks() {
        return in.text(BACKUP_REPOSITORY).map(String::strip).filter(r -> !r.isEmpty()).isPresent();
    }

    /** The kind of repository by its prefix, after reporting what is wrong with it. */
    private Settings.RepositoryKind repository(String repository, boolean production, String stateRoot) {
        if (repository == null || repository.isEmpty()) {
            in.add(new Problem(BACKUP_REPOSITORY.fullName(), "(not set)",
                    "this stack is backed up (" + (production && in.text(BACKUP).isEmpty() ? "production stacks are, by default" : "backup = true")
                            + ") but has nowhere to put the backups",
                    BACKUP_REPOSITORY.setCommand(in.stack, "/srv/backups/" + in.stack) + " (or sftp:user@host:/path, s3:https://host/bucket/path; docs/backups.md)"));
            return LOCAL;
        }
        if (repository.startsWith("sftp:")) {
            if (!SFTP_REPOSITORY.matcher(repository).matches()) {
                in.bad(BACKUP_REPOSITORY, repository, "is not an SFTP repository of the form sftp:user@host:/absolute/path");
            }
            return SFTP;
        }
        if (repository.startsWith("s3:")) {
            if (!S3_REPOSITORY.matcher(repository).matches()) {
                in.bad(BACKUP_REPOSITORY, repository, "is not an S3 repository of the form s3:https://host/bucket/path");
            }
            return S3;
        }
        String why = ValueChecks.pathProblem(repository, ValueChecks.ON_DOCKER_HOST);
        if (why != null) {
            in.bad(BACKUP_REPOSITORY, repository, why + ", or sftp:user@host:/path, or s3:https://host/bucket/path",
                    outside(stateRoot), "a directory on the Docker host outside the state root; or sftp:user@host:/path, s3:https://host/bucket/path");
        } else if ((repository + "/").startsWith(stateRoot + "/" + in.stack + "/")) {
            in.bad(BACKUP_REPOSITORY, repository, "is inside this stack's state directory " + stateRoot + "/" + in.stack
                    + " on the Docker host, which holds the very data it must survive", outside(stateRoot),
                    "a directory on the Docker host outside the state root; or sftp:user@host:/path, s3:https://host/bucket/path");
        }
        return LOCAL;
    }

    /** A local repository for this stack outside its state directory, for a fix. */
    private String outside(String stateRoot) {
        String dir = "/srv/backups/" + in.stack;
        return (dir + "/").startsWith(stateRoot + "/" + in.stack + "/") ? "/var/backups/odoo-stack/" + in.stack : dir;
    }

    private int interval() {
        String v = in.string(BACKUP_INTERVAL);
        var m = INTERVAL.matcher(v);
        if (m.matches()) {
            long seconds = Long.parseLong(m.group(1)) * switch (m.group(2)) {
                case "m" -> 60L;
                case "h" -> 3600L;
                default -> 86_400L;
            };
            if (seconds >= 15 * 60 && seconds <= 7 * 86_400) {
                return (int) seconds;
            }
        }
        in.bad(BACKUP_INTERVAL, v, "must be a duration from 15m to 7d, written <n>m, <n>h or <n>d");
        return 86_400;
    }

    private String sshDir(Settings.RepositoryKind kind) {
        String sshDir = in.stripped(BACKUP_SSH_DIR);
        if (kind == SFTP && sshDir == null) {
            in.add(new Problem(BACKUP_SSH_DIR.fullName(), "(not set)", "an SFTP repository needs a key and known_hosts",
                    BACKUP_SSH_DIR.setCommand(in.stack, BACKUP_SSH_DIR.example())));
        } else if (kind != SFTP && sshDir != null) {
            in.add(new Problem(BACKUP_SSH_DIR.fullName(), '"' + sshDir + '"', "only an sftp: repository uses it",
                    "pulumi config rm backupSshDir --stack " + in.stack));
        } else if (sshDir != null && ValueChecks.pathProblem(sshDir, ValueChecks.ON_DOCKER_HOST) != null) {
            in.badPath(BACKUP_SSH_DIR, sshDir, ValueChecks.pathProblem(sshDir, ValueChecks.ON_DOCKER_HOST),
                    in.dockerHostIsLocal() ? RawSettings.pulumiHome() : null);
        }
        return sshDir;
    }

    /** S3's keys are needed exactly when the repository is on S3. */
    private void s3KeysMatch(Settings.RepositoryKind kind) {
        for (ConfigKey k : List.of(BACKUP_S3_ACCESS_KEY_ID, BACKUP_S3_SECRET_ACCESS_KEY)) {
            boolean set = in.has(k);
            if (kind == S3 && !set && in.secrets == SecretPolicy.REQUIRE) {
                in.add(new Problem(k.fullName(), "(not set)", "an s3: repository needs it",
                        "pulumi config set --secret " + k.name() + " --stack " + in.stack + " (it asks for the value)"));
            } else if (kind != S3 && set) {
                in.add(new Problem(k.fullName(), "[secret]", "only an s3: repository uses it",
                        "pulumi config rm " + k.name() + " --stack " + in.stack));
            }
        }
    }
}
