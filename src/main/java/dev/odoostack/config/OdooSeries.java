package dev.odoostack.config;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Odoo's series (18.0, saas-18.4) as an image tag or a branch names it, and their order. */
public final class OdooSeries {
    private OdooSeries() {
    }

    /** Odoo's series in a tag or branch: {@code 18.0} (also {@code 18}, {@code 18.0-20250101}), {@code saas-18.4}. */
    private static final Pattern SERIES = Pattern.compile("(saas-)?([0-9]{1,2})(?:\\.([0-9]{1,2}))?(?:[-.+_].*)?");
    /** A series as a setting writes it. */
    static final Pattern WRITTEN = Pattern.compile("(saas-)?[0-9]{1,2}\\.[0-9]{1,2}");

    /**
     * @param value  an image reference, or a branch name
     * @param branch whether the value is a branch name rather than an image reference
     * @return the series named, empty when it does not say (latest, a digest without tag, no tag, master)
     */
    public static Optional<String> of(String value, boolean branch) {
        String name = value;
        if (!branch) {
            String ref = value.replaceAll("@.*", "");
            int colon = ref.lastIndexOf(':');
            if (colon < 0 || ref.indexOf('/', colon) >= 0) {
                return Optional.empty(); // no tag: latest, whatever it is today
            }
            name = ref.substring(colon + 1);
        }
        Matcher m = SERIES.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        String minor = m.group(3) == null ? "0" : m.group(3);
        return Optional.of((m.group(1) == null ? "" : "saas-") + m.group(2) + "." + minor);
    }

    /** Orders series as Odoo releases them: 17.0 &lt; saas-17.2 &lt; 18.0. */
    public static final Comparator<String> ORDER = Comparator.comparingInt((String s) -> part(s, 0)).thenComparingInt(s -> part(s, 1));

    private static int part(String series, int i) {
        return Integer.parseInt(series.replaceFirst("^saas-", "").split("\\.")[i]);
    }
}
