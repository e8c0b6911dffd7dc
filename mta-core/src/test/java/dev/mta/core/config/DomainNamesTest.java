package dev.mta.core.config;

import dev.mta.core.address.Domain;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomainNamesTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" = {1} / {2}")
    @CsvSource(delimiter = '|', value = {
            "example.com            | example.com           | example.com",
            "Example.COM            | example.com           | example.com",
            "localhost              | localhost             | localhost",
            "a-b.example            | a-b.example           | a-b.example",
            "bücher.example         | xn--bcher-kva.example | bücher.example",
            "xn--bcher-kva.example  | xn--bcher-kva.example | bücher.example",
            "mail2.example.test     | mail2.example.test    | mail2.example.test",
    })
    void parsesDomainNames(String text, String ascii, String unicode) {
        Domain d = DomainNames.parse(text);
        assertEquals(ascii, d.ascii());
        assertEquals(unicode, d.unicode());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                | must not be empty",
            "example.com.      | trailing dot",
            "-a.example        | hyphen",
            "a-.example        | hyphen",
            "a..example        | empty label",
            ".example          | empty label",
            "exa_mple.com      | not allowed",
            "a b.com           | not allowed",
            "1.2.3.4           | an IP address is not a domain name",
            "example.123       | an IP address is not a domain name",
    })
    void refusesInvalidNames(String text, String expected) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> DomainNames.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"bücher.example", "xn--bcher-kva.example", "xn--fa-hia.example", "Example.COM"})
    void givesTheFormsTheAddressParserGives(String text) {
        assertEquals(dev.mta.core.address.AddressParser.domain(text, dev.mta.core.address.Utf8Mode.UTF8_ALLOWED)
                .orElseThrow(), DomainNames.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"faß.example", "ς.example"})
    void refusesWhatTheIdnaVersionsReadDifferently(String text) {
        // IDNA2003 would turn faß into fass, IDNA2008 into xn--fa-hia: two different domains.
        assertThrows(InvalidValueException.class, () -> DomainNames.parse(text));
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 254})
    void refusesOverlongLabelsAndNames(int length) {
        String name = length == 64 ? "a".repeat(64) + ".example" : ("a".repeat(49) + ".").repeat(5) + "abcd";
        assertEquals(length == 64 ? 72 : 254, name.length());
        assertThrows(InvalidValueException.class, () -> DomainNames.parse(name));
    }

    @ParameterizedTest
    @ValueSource(ints = {63, 253})
    void acceptsLabelsAndNamesAtTheLimit(int length) {
        String name = length == 63 ? "a".repeat(63) + ".example" : ("a".repeat(49) + ".").repeat(5) + "abc";
        assertEquals(name, DomainNames.parse(name).ascii());
    }
}
