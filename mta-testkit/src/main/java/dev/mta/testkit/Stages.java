package dev.mta.testkit;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waiting for a {@link CompletionStage} in a test: with a deadline, so a stage that never completes fails the
 * test instead of hanging the build, and without sleeping. The deadline is generous because a loaded CI
 * machine is slow; it is a guard, never a measurement.
 */
public final class Stages {

    /** How long a test waits for a stage before it gives up. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Stages() {
    }

    /** The stage's value; fails the test if the stage fails or does not complete within {@link #TIMEOUT}. */
    public static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return fail("stage failed: " + unwrap(e), unwrap(e));
        } catch (TimeoutException e) {
            return fail("stage did not complete within " + TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while waiting for a stage", e);
        }
    }

    /**
     * The exception the stage failed with, unwrapped from {@link ExecutionException} and
     * {@link CompletionException}; fails the test if the stage completes normally or not within
     * {@link #TIMEOUT}.
     */
    public static Throwable awaitFailure(CompletionStage<?> stage) {
        Object value;
        try {
            value = stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return unwrap(e);
        } catch (TimeoutException e) {
            return fail("stage neither failed nor completed within " + TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while waiting for a stage", e);
        }
        return fail("expected the stage to fail, but it completed with " + value);
    }

    /** Waits for the stage to settle either way, for when only its side effects matter. */
    public static void awaitSettled(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // Settled by failing: that is all the caller waits for.
        } catch (TimeoutException e) {
            fail("stage did not settle within " + TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while waiting for a stage", e);
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
