package dev.odoostack.cutover;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verification's decisions over facts written here, and the facts as its query and commands answer them. */
class VerificationTest {
    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);

    static DatabaseFacts db() {
        return new DatabaseFacts(Map.of("public.res_partner", 3000L, "public.ir_attachment", 2L),
                Map.of("public.res_partner_id_seq", 3000L), Set.of("ab/ab01", "cd/cd02"));
    }

    static FilestoreFacts files() {
        return new FilestoreFacts(Map.of("ab/ab01", 100L, "cd/cd02", 200L, "ef/ef03", 300L), Map.of("cd/cd02", A));
    }

    static DatabaseFacts with(DatabaseFacts d, Map<String, Long> rows, Map<String, Long> sequences) {
        Map<String, Long> r = new HashMap<>(d.rows());
        r.putAll(rows);
        Map<String, Long> s = new HashMap<>(d.sequences());
        s.putAll(sequences);
        return new DatabaseFacts(r, s, d.attachments());
    }

    @Test
    void aFaithfulCopyIsVerifiedWithOneSummaryLineThatSaysWhatWasCompared() {
        Verification.Report r = Verification.of(db(), db(), files(), files());
        assertTrue(r.ok(), r.text());
        assertEquals("verified: rows of 2 tables equal, 1 sequences at least the source's, 3 files, 600 bytes in the filestore, "
                + "checksums of 1 files changed since the last sync equal, every one of 2 attachments has its file", r.summary());
        assertEquals(5, r.lines().size(), r.text());
        r.lines().forEach(l -> assertTrue(l.startsWith("ok "), l));
    }

    @Test
    void aSequenceAheadOfTheSourceIsFineAndOneBehindIsNot() {
        assertTrue(Verification.of(db(), with(db(), Map.of(), Map.of("public.res_partner_id_seq", 3100L)), files(), files()).ok());
        Verification.Report r = Verification.of(db(), with(db(), Map.of(), Map.of("public.res_partner_id_seq", 2999L)), files(), files());
        assertFalse(r.ok());
        assertEquals("verification failed: 1 of 1 sequences behind the source", r.summary());
        assertTrue(r.text().contains("public.res_partner_id_seq: 3000 in the source, 2999 in the copy"), r.text());
    }

    @Test
    void eachMismatchIsNamedInTheReportAndCountedInTheSummary() {
        DatabaseFacts copy = new DatabaseFacts(Map.of("public.res_partner", 2999L, "public.ir_attachment", 2L, "public.extra", 0L),
                Map.of(), Set.of("ab/ab01", "cd/cd02", "ef/ef03"));
        FilestoreFacts copyFiles = new FilestoreFacts(Map.of("ab/ab01", 100L, "cd/cd02", 200L), Map.of("cd/cd02", B));
        Verification.Report r = Verification.of(db(), copy, files(), copyFiles);
        assertFalse(r.ok());
        assertEquals("verification failed: rows differ in 2 of 3 tables; 1 of 1 sequences behind the source; "
                + "the filestore has 2 files, 300 bytes, the source 3 files, 600 bytes; "
                + "checksums differ for 1 of 1 files changed since the last sync; 1 of 3 attachments have no file", r.summary());
        for (String line : List.of("public.res_partner: 3000 rows in the source, 2999 rows in the copy",
                "public.extra: no such table in the source, 0 rows in the copy",
                "public.res_partner_id_seq: 3000 in the source, no such sequence in the copy",
                "ef/ef03: 300 bytes in the source, no file in the copy",
                "cd/cd02: sha256 " + A + " in the source, " + B + " in the copy",
                "ef/ef03: no such file in the copy's filestore")) {
            assertTrue(r.text().contains(line), line + " in:\n" + r.text());
        }
        assertFalse(r.summary().contains("\n"));
    }

    @Test
    void anAttachmentWithoutItsFileOnTheSourceTooIsLikeForLikeAndNamedInTheReport() {
        DatabaseFacts d = new DatabaseFacts(db().rows(), db().sequences(), Set.of("ab/ab01", "cd/cd02", "zz/zz09"));
        Verification.Report r = Verification.of(d, d, files(), files());
        assertTrue(r.ok(), r.text());
        assertTrue(r.summary().endsWith("2 of 3 attachments have their file, 1 have none on the source either (as there: like for like)"), r.summary());
        assertTrue(r.text().contains("zz/zz09: no such file on the source either"), r.text());
        // the source has the file, the copy has not: that is the copy's fault
        FilestoreFacts copyFiles = new FilestoreFacts(Map.of("cd/cd02", 200L, "ef/ef03", 300L), files().checksums());
        assertEquals("1 of 3 attachments have no file", Verification.of(d, d, files(), copyFiles).summary().replaceAll(".*; ", ""));
    }

    @Test
    void aChangedFileOfTheSameSizeIsCaughtByItsChecksumAlone() {
        FilestoreFacts copyFiles = new FilestoreFacts(files().sizes(), Map.of("cd/cd02", B));
        Verification.Report r = Verification.of(db(), db(), files(), copyFiles);
        assertEquals("verification failed: checksums differ for 1 of 1 files changed since the last sync", r.summary());
    }

    @Test
    void theQuerysAnswerBecomesFactsAndAStrayLineIsAnError() {
        DatabaseFacts d = DatabaseFacts.parse("""
                rows 3000 public.res_partner
                rows 0 "my schema"."odd table"
                sequence 0 public.never_used_seq
                attachment ab/ab01
                """);
        assertEquals(Map.of("public.res_partner", 3000L, "\"my schema\".\"odd table\"", 0L), d.rows());
        assertEquals(Map.of("public.never_used_seq", 0L), d.sequences());
        assertEquals(Set.of("ab/ab01"), d.attachments());
        assertThrows(IllegalArgumentException.class, () -> DatabaseFacts.parse("ERROR:  permission denied for table x"));
        assertThrows(IllegalArgumentException.class, () -> DatabaseFacts.parse("rows many public.x"));
    }

    @Test
    void theFilestoresListingAndChecksumsBecomeFacts() {
        assertEquals(Map.of("ab/ab01", 100L, "cd/with space", 7L), FilestoreFacts.parseList("100 ab/ab01\n7 cd/with space\n"));
        assertEquals(Map.of("cd/cd02", A), FilestoreFacts.parseChecksums(A + "  cd/cd02\n"));
        assertThrows(IllegalArgumentException.class, () -> FilestoreFacts.parseList("find: '/x': No such file or directory"));
        assertThrows(IllegalArgumentException.class, () -> FilestoreFacts.parseChecksums("sha256sum: x: No such file or directory"));
    }
}
