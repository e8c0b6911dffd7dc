package dev.mta.smtpd.aliases;

import dev.mta.core.address.Mailbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The aliases file on disk: loaded, reloaded when good, kept when the new file is bad. */
class AliasesTest {

    @TempDir
    Path dir;

    private static List<String> names(Optional<List<Mailbox>> expanded) {
        return expanded.orElseThrow().stream().map(Mailbox::toString).toList();
    }

    @Test
    void reloadSwapsAGoodFileAndKeepsTheOldTableForABadOne() throws Exception {
        Path file = Files.writeString(dir.resolve("aliases"), "root: old@x.test\n");
        Aliases aliases = Aliases.load(file);
        assertEquals(List.of("old@x.test"), names(aliases.expand("root")));
        AliasTable snapshot = aliases.get();

        Files.writeString(file, "root: new@x.test\nabuse: root\n");
        aliases.reload();
        assertEquals(List.of("new@x.test"), names(aliases.expand("ROOT")));
        assertEquals(List.of("new@x.test"), names(aliases.expand("abuse")));
        assertEquals(List.of("old@x.test"), names(snapshot.expand("root")), "a snapshot in use never changes");

        AliasTable good = aliases.get();
        Files.writeString(file, "root: |/bin/sh\n");
        AliasesFileException e = assertThrows(AliasesFileException.class, aliases::reload);
        assertTrue(e.getMessage().startsWith(file + ":1: "), e.getMessage());
        assertSame(good, aliases.get(), "the old table stays in use");
    }

    @Test
    void aMissingFileIsAnErrorNamingIt() throws Exception {
        Path missing = dir.resolve("nope");
        AliasesFileException e = assertThrows(AliasesFileException.class, () -> Aliases.load(missing));
        assertTrue(e.getMessage().startsWith(missing + ": cannot be read"), e.getMessage());
    }

    @Test
    void noFileMeansNoAliasesAndNothingToReload() throws Exception {
        Aliases none = Aliases.none();
        none.reload();
        assertEquals(Optional.empty(), none.expand("postmaster"));
        assertEquals(Optional.empty(), none.file());
    }
}
