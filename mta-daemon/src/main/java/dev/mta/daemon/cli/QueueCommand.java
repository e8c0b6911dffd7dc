package dev.mta.daemon.cli;

import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.QueueIdGenerator;
import dev.mta.daemon.config.ConfigException;
import dev.mta.daemon.config.ConfigLoader;
import dev.mta.daemon.config.MtaConfig;
import dev.mta.daemon.control.ControlClient;
import dev.mta.daemon.control.ControlCommand;
import dev.mta.daemon.control.ControlRequest;
import dev.mta.daemon.control.DaemonNotRunningException;
import dev.mta.daemon.control.QueueListing;
import dev.mta.queue.SpoolSnapshot;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code mta queue list|show|flush|hold|release|delete}: what is queued and why, and the operator's actions on it
 * (Postfix's {@code mailq}, {@code postqueue} and {@code postsuper}). Every subcommand asks the running daemon
 * over the control socket; {@code list} and {@code show} read the spool themselves, without changing it, when
 * the daemon is not running. The others then fail (exit 1): changing the queue behind a daemon's back, or in
 * its absence without its recovery, is not something the command line does.
 */
@Command(name = "queue",
        description = "Inspect and act on the queue: list, show, flush, hold, release, delete.",
        subcommands = {QueueCommand.ListQueue.class, QueueCommand.Show.class, QueueCommand.Flush.class,
                QueueCommand.Hold.class, QueueCommand.Release.class, QueueCommand.Delete.class})
public final class QueueCommand implements Callable<Integer> {

    private static final int OK = 0;
    private static final int FAILED = 1;
    private static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    /** {@code mta queue} without a subcommand is a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("mta queue: list, show, flush, hold, release or delete?");
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** {@code mta queue list}. */
    @Command(name = "list", description = {
        "List the queue like mailq: id, size, arrival, sender, and each recipient with its state, attempts,",
        "last reply and next attempt; a total line last. Works with the daemon stopped too (read-only)."})
    static final class ListQueue implements Callable<Integer> {

        @Option(names = "--json", description = "print one JSON document instead")
        private boolean json;

        @Mixin
        private ConfigFileOption config;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            return run(spec, config, ControlRequest.of(json ? ControlCommand.LIST_JSON : ControlCommand.LIST),
                    Optional.of(listing -> {
                        if (json) {
                            listing.listJson(spec.commandLine().getOut());
                        } else {
                            listing.list(spec.commandLine().getOut());
                        }
                        return OK;
                    }));
        }
    }

    /** {@code mta queue show ID}. */
    @Command(name = "show", description = {
        "Show one message: envelope, client, each recipient's state and last reply, and the headers;",
        "the body too with --body. Works with the daemon stopped too (read-only)."})
    static final class Show implements Callable<Integer> {

        @Parameters(paramLabel = "ID", description = "the queue id")
        private String id;

        @Option(names = "--body", description = "print the body after the headers")
        private boolean body;

        @Mixin
        private ConfigFileOption config;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            QueueId queueId = queueId(spec, id);
            return run(spec, config, ControlRequest.of(body ? ControlCommand.SHOW_BODY : ControlCommand.SHOW, id),
                    Optional.of(listing -> {
                        if (listing.show(queueId, body, spec.commandLine().getOut())) {
                            return OK;
                        }
                        spec.commandLine().getErr().println("mta queue show: " + queueId + ": not in the queue");
                        return FAILED;
                    }));
        }
    }

    /** {@code mta queue flush [ID]}. */
    @Command(name = "flush", description = {
        "Make the deferred recipients of message ID, or of every message, due now, and wake delivery."})
    static final class Flush implements Callable<Integer> {

        @Parameters(paramLabel = "ID", arity = "0..1", description = "the queue id; without it, every message")
        private String id;

        @Mixin
        private ConfigFileOption config;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            if (id == null) {
                return run(spec, config, ControlRequest.of(ControlCommand.FLUSH), Optional.empty());
            }
            queueId(spec, id);
            return run(spec, config, ControlRequest.of(ControlCommand.FLUSH, id), Optional.empty());
        }
    }

    /** A command on one message by id, answered by the daemon alone: hold and release. */
    abstract static class OneMessage implements Callable<Integer> {

        @Parameters(paramLabel = "ID", description = "the queue id")
        private String id;

        @Mixin
        private ConfigFileOption config;

        @Spec
        private CommandSpec spec;

        abstract ControlCommand command();

        @Override
        public Integer call() {
            queueId(spec, id);
            return run(spec, config, ControlRequest.of(command(), id), Optional.empty());
        }
    }

    /** {@code mta queue hold ID}. */
    @Command(name = "hold", description = "Suspend delivery of message ID until it is released.")
    static final class Hold extends OneMessage {
        @Override
        ControlCommand command() {
            return ControlCommand.HOLD;
        }
    }

    /** {@code mta queue release ID}. */
    @Command(name = "release", description = "End the hold of message ID: it is delivered when due.")
    static final class Release extends OneMessage {
        @Override
        ControlCommand command() {
            return ControlCommand.RELEASE;
        }
    }

    /** {@code mta queue delete ID | --all-deferred | --from ADDR}. */
    @Command(name = "delete", description = {
        "Remove messages from the queue without delivering them and without notifying anyone:",
        "message ID, every message with a deferred recipient, or every message from one sender."})
    static final class Delete implements Callable<Integer> {

        @ArgGroup(exclusive = true, multiplicity = "1")
        private Which which;

        /** Exactly one of them. */
        static final class Which {
            @Parameters(paramLabel = "ID", description = "the queue id")
            private String id;

            @Option(names = "--all-deferred", description = "every message with a deferred recipient")
            private boolean allDeferred;

            @Option(names = "--from", paramLabel = "ADDR", description = "every message from this sender; <> for"
                    + " the null sender")
            private String from;
        }

        @Mixin
        private ConfigFileOption config;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            ControlRequest request;
            if (which.id != null) {
                queueId(spec, which.id);
                request = ControlRequest.of(ControlCommand.DELETE, which.id);
            } else if (which.allDeferred) {
                request = ControlRequest.of(ControlCommand.DELETE_DEFERRED);
            } else {
                request = ControlRequest.of(ControlCommand.DELETE_FROM, which.from.isEmpty() ? "<>" : which.from);
            }
            return run(spec, config, request, Optional.empty());
        }
    }

    /** What a read-only command does on a stopped spool. */
    @FunctionalInterface
    interface Offline {
        int run(QueueListing listing) throws IOException;
    }

    /**
     * Loads the configuration, asks the daemon, and falls back to {@code offline} on the spool when the daemon is
     * not running (or fails with exit 1 when there is no fallback).
     */
    static int run(CommandSpec spec, ConfigFileOption config, ControlRequest request, Optional<Offline> offline) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = "mta queue " + spec.name();
        MtaConfig configuration;
        try {
            configuration = ConfigLoader.load(config.file());
        } catch (ConfigException e) {
            e.errors().forEach(err::println);
            return USAGE;
        }
        try {
            Optional<String> error = new ControlClient(configuration.controlSocket()).send(request, out);
            if (error.isPresent()) {
                err.println(name + ": " + error.get());
                return FAILED;
            }
            return OK;
        } catch (DaemonNotRunningException down) {
            if (offline.isEmpty()) {
                err.println(name + ": " + down.getMessage() + "; nothing was changed");
                return FAILED;
            }
        } catch (IOException e) {
            err.println(name + ": control socket " + configuration.controlSocket() + ": " + e.getMessage());
            return FAILED;
        }
        try {
            SpoolSnapshot snapshot = SpoolSnapshot.read(configuration.queue().directory());
            int status = offline.get().run(new QueueListing(snapshot));
            out.flush();
            if (snapshot.damagedFrames() > 0) {
                err.println(name + ": " + snapshot.damagedFrames() + " damaged entries skipped; the daemon moves them"
                        + " to corrupt/ at its next start");
            }
            return status;
        } catch (NoSuchFileException e) {
            err.println(name + ": the daemon is not running and " + configuration.queue().directory()
                    + " holds no queue");
            return FAILED;
        } catch (IOException e) {
            err.println(name + ": the daemon is not running and the spool cannot be read: " + e.getMessage());
            return FAILED;
        }
    }

    /** The id argument, or a usage error. */
    static QueueId queueId(CommandSpec spec, String text) {
        if (!QueueIdGenerator.isWellFormed(text)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "not a queue id: '"
                    + dev.mta.daemon.control.TerminalText.escape(text) + "' (14 digits and capital letters)");
        }
        return new QueueId(text);
    }
}
