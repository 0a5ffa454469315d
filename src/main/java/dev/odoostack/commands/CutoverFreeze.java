package dev.odoostack.commands;

import dev.odoostack.cutover.FreezeProof;
import dev.odoostack.engine.Failure;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The freeze proof's shell (docs/cutover.md, {@code freeze}): takes a sample of the legacy database a second apart
 * through {@code sql}, leaves every decision to {@link FreezeProof}, prints a line per phase. It changes nothing:
 * each sample runs in a read-only session of the tool's own application_name.
 */
final class CutoverFreeze {
    /** Far more samples than {@link FreezeProof#SPAN} needs: a server clock that stands still does not keep it waiting. */
    private static final long MOST = 3 * FreezeProof.SPAN.toSeconds() / FreezeProof.EVERY.toSeconds();

    private CutoverFreeze() {
    }

    /**
     * Proves the freeze of {@code subject}'s database, where {@code sql} runs SQL (psql, unaligned, tuples only,
     * stopping at the first error); returns once proven, or throws the refusal's one line.
     */
    static void prove(FreezeProof.Subject subject, UnaryOperator<String> sql, PrintStream out) {
        List<FreezeProof.Sample> samples = new ArrayList<>();
        while (samples.size() < MOST) {
            samples.add(sample(subject, sql));
            FreezeProof.Verdict v = FreezeProof.judge(subject, samples);
            if (v.state() == FreezeProof.State.REFUSED) {
                throw new Failure(v.line());
            }
            if (samples.size() == 1) {
                out.println(FreezeProof.connections(subject, samples.get(0)));
            }
            if (v.state() == FreezeProof.State.PROVEN) {
                out.println(FreezeProof.writes(samples));
                out.println(v.line());
                return;
            }
            try {
                Thread.sleep(FreezeProof.EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure("the freeze proof of " + subject.db() + " was interrupted; nothing was changed: run "
                        + subject.again() + " again");
            }
        }
        throw new Failure("cannot prove the freeze of " + subject.db() + " on " + subject.host() + ": its server's clock did not pass "
                + FreezeProof.SPAN.toSeconds() + " s in " + MOST + " samples; nothing was changed: check the clock there (timedatectl), then run "
                + subject.again() + " again");
    }

    private static FreezeProof.Sample sample(FreezeProof.Subject subject, UnaryOperator<String> sql) {
        String answer = sql.apply(FreezeProof.SQL);
        try {
            return FreezeProof.Sample.parse(answer);
        } catch (IllegalArgumentException e) {
            throw new Failure("cannot prove the freeze: " + subject.host() + " " + subject.db()
                    + " answered what the freeze proof does not read (" + e.getMessage() + "); nothing was changed");
        }
    }
}
