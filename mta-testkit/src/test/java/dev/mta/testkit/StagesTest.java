package dev.mta.testkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StagesTest {

    @Test
    void awaitGivesTheValue() {
        assertEquals("done", Stages.await(CompletableFuture.completedFuture("done")));
    }

    @Test
    void awaitFailsTheTestWhenTheStageFails() {
        IOException cause = new IOException("disk");
        AssertionError error = assertThrows(AssertionError.class,
                () -> Stages.await(CompletableFuture.failedFuture(cause)));
        assertSame(cause, error.getCause());
    }

    @Test
    void awaitFailureUnwrapsTheCause() {
        IOException cause = new IOException("disk");
        CompletableFuture<String> dependent = CompletableFuture.<String>failedFuture(cause)
                .thenApply(s -> s + "!");

        assertSame(cause, Stages.awaitFailure(dependent));
        assertSame(cause, Stages.awaitFailure(CompletableFuture.failedFuture(new CompletionException(cause))));
    }

    @Test
    void awaitFailureFailsTheTestWhenTheStageSucceeds() {
        assertThrows(AssertionError.class, () -> Stages.awaitFailure(CompletableFuture.completedFuture("ok")));
    }

    @Test
    void awaitSettledTakesEitherOutcome() {
        Stages.awaitSettled(CompletableFuture.completedFuture(1));
        Stages.awaitSettled(CompletableFuture.failedFuture(new IOException("disk")));
        assertInstanceOf(IOException.class, Stages.awaitFailure(CompletableFuture.failedFuture(new IOException())));
    }
}
