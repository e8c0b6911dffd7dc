package dev.mta.daemon.sendmail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SendmailArgumentsTest {

    private static SendmailOptions parse(String line) throws SendmailException {
        return SendmailArguments.parse(line.isEmpty() ? List.of() : Arrays.asList(line.split(" ")));
    }

    @Test
    void recipientsAndTheCommonFlags() throws SendmailException {
        SendmailOptions o = parse("-t -i -f www@example.com -F Shop -C /tmp/c.properties a@x b");
        assertEquals(List.of("a@x", "b"), o.recipients());
        assertTrue(o.fromHeaders());
        assertTrue(o.ignoreDots());
        assertEquals(Optional.of("www@example.com"), o.sender());
        assertEquals(Optional.of("Shop"), o.fullName());
        assertEquals(Optional.of(Path.of("/tmp/c.properties")), o.config());
        assertFalse(o.sevenBit());
    }

    @Test
    void attachedArgumentsAsOldScriptsWriteThem() throws SendmailException {
        SendmailOptions o = parse("-fwww@example.com -FShop -oi root");
        assertEquals(Optional.of("www@example.com"), o.sender());
        assertEquals(Optional.of("Shop"), o.fullName());
        assertTrue(o.ignoreDots());
        assertEquals(List.of("root"), o.recipients());
    }

    @Test
    void whatDebiansCronPasses() throws SendmailException {
        SendmailOptions o = parse("-FCronDaemon -i -B8BITMIME -oem root");
        assertEquals(Optional.of("CronDaemon"), o.fullName());
        assertTrue(o.ignoreDots());
        assertEquals(List.of("root"), o.recipients());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-odi", "-oem", "-oep", "-oee", "-odb", "-oQ/var/spool", "-em", "-v", "-bm", "-U",
            "-B 8BITMIME", "-B8BITMIME", "-N never", "-R hdrs", "-V envid", "-h 3", "-r a@x"})
    void noOpFlagsAreAccepted(String flags) throws SendmailException {
        SendmailOptions o = parse(flags + " root");
        assertEquals(List.of("root"), o.recipients());
        assertFalse(o.ignoreDots());
    }

    @Test
    void sevenBitAndDoubleDashAndTheNullSender() throws SendmailException {
        SendmailOptions o = parse("-B 7BIT -f <> -- -notanoption");
        assertTrue(o.sevenBit());
        assertEquals(Optional.of("<>"), o.sender());
        assertEquals(List.of("-notanoption"), o.recipients());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-bp", "-bs", "-bd", "-q", "-q1h", "-x", "-ti", "-f", "-F", "-o", "-C", "-B", "--bogus"})
    void anythingElseIsAUsageError(String line) {
        SendmailException e = assertThrows(SendmailException.class, () -> parse(line));
        assertEquals(SysExit.USAGE, e.status());
    }
}
