package dev.mta.daemon.sendmail;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AddressListTest {

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(" a@x.test", List.of("a@x.test")),
                Arguments.of(" a@x.test, b@y.test", List.of("a@x.test", "b@y.test")),
                Arguments.of(" Alice <a@x.test>", List.of("a@x.test")),
                Arguments.of(" \"Doe, John\" <j@x.test>, b@y.test", List.of("j@x.test", "b@y.test")),
                Arguments.of(" a@x.test (Alice, from work)", List.of("a@x.test")),
                Arguments.of(" (comment <c@x.test>) a@x.test", List.of("a@x.test")),
                Arguments.of(" team: a@x.test, B <b@y.test>;, c@z.test", List.of("a@x.test", "b@y.test", "c@z.test")),
                Arguments.of(" undisclosed-recipients:;", List.of()),
                Arguments.of(" root", List.of("root")),
                Arguments.of(" root, admin", List.of("root", "admin")),
                Arguments.of(" <\"a b\"@x.test>", List.of("\"a b\"@x.test")),
                Arguments.of(" a@x.test,\r\n\tb@y.test", List.of("a@x.test", "b@y.test")),
                Arguments.of(" J\u00f6rg <j\u00f6rg@b\u00fccher.test>", List.of("j\u00f6rg@b\u00fccher.test")),
                Arguments.of("", List.of()),
                Arguments.of(" ,, ", List.of()));
    }

    @ParameterizedTest
    @MethodSource("values")
    void extractsTheAddressesOfAnAddressList(String value, List<String> expected) {
        assertEquals(expected, AddressList.addresses(value));
    }
}
