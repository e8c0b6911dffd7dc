package dev.mta.smtpd.aliases;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** The aliases file cannot be used: it cannot be read, or lines in it are wrong. Each problem names its line. */
public final class AliasesFileException extends Exception {

    /** At most this many problems are spelled out in the message; {@link #problems()} has them all. */
    private static final int SHOWN = 20;

    private final Path file;
    private final List<Problem> problems;

    /**
     * One thing wrong with the file.
     *
     * @param line   the line number, from 1; 0 for the file as a whole (it cannot be read)
     * @param reason what is wrong, in words
     */
    public record Problem(int line, String reason) {
        public Problem {
            Objects.requireNonNull(reason, "reason");
            if (line < 0) {
                throw new IllegalArgumentException("line must not be negative: " + line);
            }
        }
    }

    public AliasesFileException(Path file, List<Problem> problems) {
        super(describe(file, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("at least one problem");
        }
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public Path file() {
        return file;
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(Path file, List<Problem> problems) {
        String shown = problems.stream().limit(SHOWN)
                .map(p -> p.line() == 0 ? file + ": " + p.reason() : file + ":" + p.line() + ": " + p.reason())
                .collect(Collectors.joining("; "));
        return problems.size() > SHOWN ? shown + "; and " + (problems.size() - SHOWN) + " more" : shown;
    }
}
