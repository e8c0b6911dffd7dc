package dev.mta.daemon.control;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The request line: arguments of any text survive the trip, and malformed lines are refused with a reason. */
class ControlRequestTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.com", "<>", "a b", "100%", "j\u00f6rg@b\u00fccher.example",
            "\"x\\ny\"@example.com", "tab\there", "cr\r\nlf", "\u001b[31m"})
    void anArgumentRoundTripsAndTheLineHasNoControlOrSpaceInIt(String argument) {
        ControlRequest request = ControlRequest.of(ControlCommand.DELETE_FROM, argument);
        String line = request.line();

        assertTrue(line.endsWith("\n"));
        String body = line.substring(0, line.length() - 1);
        assertEquals(1, body.chars().filter(c -> c == ' ').count(), body);
        assertFalse(body.chars().anyMatch(c -> c < 0x20 || c >= 0x7f), body);
        assertEquals(request, ControlRequest.parse(body));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|empty request",
        "frobnicate|unknown command 'frobnicate'",
        "hold|hold: wrong number of arguments (0)",
        "list extra|list: wrong number of arguments (1)",
        "hold a b|hold: wrong number of arguments (2)",
        "hold  x|empty argument",
        "hold %4|bad percent escape in an argument",
        "hold %G0|bad percent escape in an argument",
        "hold \u00e9|unescaped control or non-ASCII character in an argument",
        "hold %C3|an argument is not UTF-8",
        "HOLD x|unknown command 'HOLD'"})
    void aMalformedLineIsRefusedWithItsReason(String line, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ControlRequest.parse(line));
        assertEquals(reason, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "list|LIST|0", "list-json|LIST_JSON|0", "show 0123456789ABCD|SHOW|1", "flush|FLUSH|0",
        "flush 0123456789ABCD|FLUSH|1", "delete-deferred|DELETE_DEFERRED|0"})
    void wellFormedLinesParse(String line, ControlCommand command, int arguments) {
        ControlRequest request = ControlRequest.parse(line);
        assertEquals(command, request.command());
        assertEquals(arguments, request.arguments().size());
    }
}
