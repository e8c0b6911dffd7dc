package dev.mta.daemon.metrics;

import java.util.List;

/**
 * The daemon's health as {@code /health} reports it.
 *
 * @param problems what is wrong, one sentence each; empty when healthy
 */
public record Health(List<String> problems) {

    public Health {
        problems = List.copyOf(problems);
    }

    public boolean healthy() {
        return problems.isEmpty();
    }
}
