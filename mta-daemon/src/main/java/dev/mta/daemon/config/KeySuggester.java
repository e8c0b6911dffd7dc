package dev.mta.daemon.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the key an unknown key was probably meant to be: the registry key, or the key of a family with the
 * unknown key's own variable part, at the smallest edit distance, if that distance is small for the key's length.
 */
final class KeySuggester {

    /** A port is part of a listener's address; people who know other servers look for a port key. */
    private static final Pattern LISTENER_PORT = Pattern.compile("lis?te?n+e?r?s?\\.([^.]+)\\.port");

    /** No key is this long; beyond it the quadratic distance is not worth computing. */
    private static final int MAX_KEY_LENGTH = 200;
    /** An unknown key this long that begins a known key is taken as that key cut short. */
    private static final int MIN_PREFIX = 4;

    private final KeyRegistry registry;

    KeySuggester(KeyRegistry registry) {
        this.registry = registry;
    }

    /** The suggestion, written as a hint such as {@code did you mean `hostname`?}, if any. */
    Optional<String> suggest(String unknown) {
        if (unknown.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        Matcher port = LISTENER_PORT.matcher(unknown);
        if (port.matches()) {
            return Optional.of("did you mean `listener." + port.group(1) + ".address`? (the port is part of it:"
                    + " host:port)");
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (KeySpec spec : registry.specs()) {
            Optional<String> candidate = spec instanceof KeyFamily<?> family
                    ? family.pattern().candidateFor(unknown).filter(c -> literalsClose(unknown, c, family.pattern()))
                    : Optional.of(spec.name());
            if (candidate.isEmpty() || candidate.get().equals(unknown)) {
                continue;
            }
            int d = distance(unknown, candidate.get());
            boolean close = d <= Math.max(2, Math.max(unknown.length(), candidate.get().length()) * 2 / 5)
                    || (unknown.length() >= MIN_PREFIX && candidate.get().startsWith(unknown));
            if (close && d < bestDistance) {
                best = candidate.get();
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best).map(b -> "did you mean `" + b + "`?");
    }

    /**
     * Whether the fixed words of a family candidate are near the unknown key's own: a family candidate copies the
     * key's variable part, so only its literal segments say whether the family was meant ({@code tls.x} is not a
     * misspelt {@code route.<domain>}).
     */
    private static boolean literalsClose(String unknown, String candidate, KeyPattern pattern) {
        String[] u = unknown.split("\\.", -1);
        String[] c = candidate.split("\\.", -1);
        int head = pattern.head().size();
        int tail = pattern.tail().size();
        String unknownLiterals = String.join(".", Arrays.copyOfRange(u, 0, head)) + "."
                + String.join(".", Arrays.copyOfRange(u, u.length - tail, u.length));
        String candidateLiterals = String.join(".", Arrays.copyOfRange(c, 0, head)) + "."
                + String.join(".", Arrays.copyOfRange(c, c.length - tail, c.length));
        return distance(unknownLiterals, candidateLiterals) * 5 <= candidateLiterals.length() * 3;
    }

    /**
     * Edit distance with adjacent transpositions (optimal string alignment): insertions, deletions, substitutions
     * and swaps of two neighbours each cost 1, so {@code hsotname} is as close to {@code hostname} as a typo.
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
