package dev.mta.bench;

import dev.mta.smtpd.wire.command.Command;
import dev.mta.smtpd.wire.command.CommandParser;
import dev.mta.smtpd.wire.command.ParseContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/** One SMTP command line parsed into its {@link Command}, the lines smtp-source sends for every message. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CommandParseBenchmark {

    @Param({"EHLO client.bench.test", "MAIL FROM:<bench@sender.bench.test> SIZE=5460 BODY=8BITMIME",
            "RCPT TO:<rcpt@sink.bench.test>", "DATA"})
    public String line;

    private CommandParser parser;

    @Setup
    public void setUp() {
        parser = new CommandParser();
        if (parser.parse(line, ParseContext.ASCII) instanceof Command.Invalid) {
            throw new IllegalStateException("not a valid command: " + line);
        }
    }

    @Benchmark
    public Command parse() {
        return parser.parse(line, ParseContext.ASCII);
    }
}
