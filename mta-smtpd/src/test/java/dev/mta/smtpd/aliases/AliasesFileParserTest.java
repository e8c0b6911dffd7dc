package dev.mta.smtpd.aliases;

import dev.mta.core.address.Mailbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The aliases file format: what it expands to, and every kind of bad line named with its number. */
class AliasesFileParserTest {

    private static final Path FILE = Path.of("/etc/mta/aliases");

    private static AliasTable parse(String text) throws AliasesFileException {
        return AliasesFileParser.parse(FILE, text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> expand(AliasTable table, String name) {
        return table.expand(name).orElseThrow().stream().map(Mailbox::toString).toList();
    }

    static Stream<Arguments> goodFiles() {
        return Stream.of(
                Arguments.of("one address", "root: alice@ours.test\n", "root", List.of("alice@ours.test")),
                Arguments.of("several, spaces around commas", "abuse:a@x.test ,  b@y.test\n", "abuse",
                        List.of("a@x.test", "b@y.test")),
                Arguments.of("angle brackets", "root: <alice@ours.test>\n", "root", List.of("alice@ours.test")),
                Arguments.of("continuation lines", "root: a@x.test,\n  b@x.test,\n\tc@x.test\n", "root",
                        List.of("a@x.test", "b@x.test", "c@x.test")),
                Arguments.of("comments and blank lines", "# head\n\nroot: a@x.test\n   # indented comment\n", "root",
                        List.of("a@x.test")),
                Arguments.of("nested names", "postmaster: root\nroot: admins\nadmins: a@x.test, b@x.test\n",
                        "postmaster", List.of("a@x.test", "b@x.test")),
                Arguments.of("duplicates removed", "root: a@x.test, ops\nops: a@x.test, b@x.test\n", "root",
                        List.of("a@x.test", "b@x.test")),
                Arguments.of("case of names ignored", "Root: a@x.test\nabuse: ROOT\n", "aBuSe", List.of("a@x.test")),
                Arguments.of("CRLF line ends", "root: a@x.test\r\n", "root", List.of("a@x.test")),
                Arguments.of("IDN domain", "root: a@bücher.test\n", "root", List.of("a@bücher.test")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodFiles")
    void expandsTo(String what, String file, String name, List<String> expected) throws Exception {
        assertEquals(expected, expand(parse(file), name));
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("no colon", "root a@x.test\n", "/etc/mta/aliases:1: no colon"),
                Arguments.of("empty name", ": a@x.test\n", ":1: \"\" is not an alias name"),
                Arguments.of("name with @", "a@b: a@x.test\n", ":1: \"a@b\" is not an alias name"),
                Arguments.of("empty target", "root: a@x.test,,b@x.test\n", ":1: alias root has an empty target"),
                Arguments.of("no target", "root:\n", ":1: alias root has an empty target"),
                Arguments.of("program", "root: |/bin/sh\n", ":1: alias root: programs, files and :include:"),
                Arguments.of("file", "root: /var/mail/root\n", ":1: alias root: programs, files"),
                Arguments.of("include", "root: :include:/etc/list\n", ":1: alias root: programs, files"),
                Arguments.of("bad address", "root: a@-x-.test\n", ":1: alias root: \"a@-x-.test\" is not an address"),
                Arguments.of("address literal", "root: a@[192.0.2.1]\n", "is not an address"),
                Arguments.of("unknown name", "# c\nroot: nobody\n", ":2: nobody is not an alias"),
                Arguments.of("defined twice", "root: a@x.test\nROOT: b@x.test\n",
                        ":2: alias ROOT is defined twice (first on line 1)"),
                Arguments.of("continuation first", "  a@x.test\n", ":1: a continuation line"),
                Arguments.of("loop", "a: b\nb: c\nc: a\n", "alias loop: a -> b -> c -> a"),
                Arguments.of("self loop", "root: root\n", ":1: alias loop: root -> root"),
                Arguments.of("non-ASCII local part", "root: jürgen@x.test\n", "non-ASCII local part"),
                Arguments.of("not UTF-8", "root: a@x.test\n\u00ff", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void refusedWithLineAndReason(String what, String file, String expected) {
        byte[] content = file.getBytes(StandardCharsets.UTF_8);
        if (expected == null) {
            content = file.getBytes(StandardCharsets.ISO_8859_1);
            expected = "/etc/mta/aliases: not UTF-8 text";
        }
        byte[] octets = content;
        AliasesFileException e = assertThrows(AliasesFileException.class, () -> AliasesFileParser.parse(FILE, octets));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("/etc/mta/aliases"), e.getMessage());
        assertEquals(FILE, e.file());
    }

    @Test
    void nestingDeeperThanTheBoundIsRefused() throws Exception {
        StringBuilder ok = new StringBuilder();
        for (int i = 1; i < AliasesFileParser.MAX_DEPTH; i++) {
            ok.append("n").append(i).append(": n").append(i + 1).append('\n');
        }
        ok.append("n").append(AliasesFileParser.MAX_DEPTH).append(": end@x.test\n");
        assertEquals(List.of("end@x.test"), expand(parse(ok.toString()), "n1"));

        String deeper = "n0: n1\n" + ok;
        AliasesFileException e = assertThrows(AliasesFileException.class, () -> parse(deeper));
        assertTrue(e.getMessage().contains("nests more than " + AliasesFileParser.MAX_DEPTH + " names deep"),
                e.getMessage());
    }

    @Test
    void expansionLargerThanTheBoundIsRefused() {
        StringBuilder file = new StringBuilder("big: a0@x.test");
        for (int i = 1; i <= AliasesFileParser.MAX_EXPANSION; i++) {
            file.append(",\n a").append(i).append("@x.test");
        }
        AliasesFileException e = assertThrows(AliasesFileException.class, () -> parse(file + "\n"));
        assertTrue(e.getMessage().contains("expands to more than " + AliasesFileParser.MAX_EXPANSION), e.getMessage());
    }

    @Test
    void everyBadLineIsNamedInOneRun() {
        AliasesFileException e = assertThrows(AliasesFileException.class,
                () -> parse("root a@x.test\nok: a@x.test\nabuse: |cmd\n"));
        assertEquals(List.of(1, 3), e.problems().stream().map(AliasesFileException.Problem::line).toList());
    }

    @Test
    void aNameThatIsNoAliasExpandsToNothing() throws Exception {
        assertEquals(Optional.empty(), parse("root: a@x.test\n").expand("alice"));
        assertEquals(Optional.empty(), AliasTable.EMPTY.expand("root"));
    }
}
