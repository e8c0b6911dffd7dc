package dev.mta.dkim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SigningKeyringTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "'Joe <joe@Example.COM>'                  | example.com",
        "joe@example.com                          | example.com",
        "'\"Doe, John\" <j@example.com>'          | example.com",
        "'j@example.com (comment, with comma)'    | example.com",
        "'=?utf-8?q?J=C3=B6rg?= <j@example.com.>' | example.com",
        "'Jörg <j@bücher.example>'                | xn--bcher-kva.example",
        "'a@x.example, b@y.example'               | ''",
        "'group: a@x.example;'                    | ''",
        "'<a@x.example> <b@y.example>'            | ''",
        "'no address'                             | ''",
        "'j@[192.0.2.1]'                          | ''",
        "'<j@example.com'                         | ''",
    })
    void findsTheAuthorDomain(String from, String domain) {
        assertEquals(domain.isEmpty() ? Optional.empty() : Optional.of(domain), FromDomain.ofValue(from));
    }

    @Test
    void twoFromFieldsHaveNoAuthorDomain() {
        assertEquals(Optional.empty(), FromDomain.of(TestSupport.headersOf(
                TestSupport.crlf("From: a@example.com\nFrom: b@example.com\n\n"))));
    }

    @Test
    void findsKeysByDomainAndOptionallyByParent() {
        SigningKey key = DkimSignerTest.edKey();
        SigningKeyring exact = SigningKeyring.of(List.of(key), false);
        assertEquals(List.of(key), exact.keysFor("EXAMPLE.com"));
        assertEquals(List.of(), exact.keysFor("news.example.com"));
        assertEquals(List.of(), exact.keysFor("example.org"));
        SigningKeyring parents = SigningKeyring.of(List.of(key), true);
        assertEquals(List.of(key), parents.keysFor("a.news.example.com"));
        assertEquals(List.of(), parents.keysFor("notexample.com"));
    }

    @Test
    void aKeyListedUnderAnotherDomainIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new SigningKeyring(Map.of("example.org", List.of(DkimSignerTest.edKey())), false));
    }
}
