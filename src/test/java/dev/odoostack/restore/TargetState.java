package dev.odoostack.restore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything a restore may touch on the target side, to compare before and after a failed run:
 * the databases named after the target (with their oids and settings, so a replaced database shows
 * even under the same name), the rows of every table in them, and every entry under the filestore
 * root with its inode, size, mtime and content hash.
 */
public record TargetState(String databases, String rows, String files) {

    static TargetState capture(PostgresCluster pg, String db, Path root) {
        return capture(pg::psql, db, root);
    }

    /** @param psql runs SQL in a database of the target server (database, sql) and returns psql -At's output */
    public static TargetState capture(java.util.function.BinaryOperator<String> psql, String db, Path root) {
        String prefix = db.replace("'", "''");
        String databases = psql.apply("postgres", """
                SELECT string_agg(d.datname || ' oid=' || d.oid || ' settings=' || coalesce(array_to_string(s.setconfig, ';'), ''),
                                  E'\\n' ORDER BY d.datname)
                  FROM pg_database d LEFT JOIN pg_db_role_setting s ON s.setdatabase = d.oid AND s.setrole = 0
                 WHERE left(d.datname, length('%s')) = '%s'
                """.formatted(prefix, prefix));
        StringBuilder rows = new StringBuilder();
        for (String line : databases.isEmpty() ? new String[0] : databases.split("\n")) {
            String name = line.substring(0, line.indexOf(" oid="));
            for (String table : psql.apply(name, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
                    .lines().toList()) {
                rows.append(name).append('.').append(table).append('=').append(psql.apply(name,
                        "SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM "
                                + table + " t")).append('\n');
            }
        }
        return new TargetState(databases, rows.toString(), files(root));
    }

    public static String files(Path root) {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted().toList()) {
                String rel = root.relativize(p).toString();
                Object ino = Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    lines.add(rel + " ino=" + ino + " size=" + Files.size(p) + " mtime="
                            + Files.getLastModifiedTime(p).toMillis() + " sha1=" + OdooShapedSource.sha1(Files.readAllBytes(p)));
                } else {
                    lines.add(rel + "/ ino=" + ino);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join("\n", lines);
    }
}
