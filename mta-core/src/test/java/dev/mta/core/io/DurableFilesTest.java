package dev.mta.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurableFilesTest {

    @TempDir
    Path dir;

    @Test
    void replaceWritesWithTheModeAndLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("keys/key.pem");

        DurableFiles.replace(target, bytes("one"), PosixFilePermissions.fromString("rw-------"));
        DurableFiles.replace(target, bytes("two"), PosixFilePermissions.fromString("rw-------"));

        assertEquals("two", Files.readString(target));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target.getParent())));
        assertEquals(List.of(target), Files.list(target.getParent()).toList());
    }

    @Test
    void createNewNeverReplacesAndLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("key.pem");
        DurableFiles.createNew(target, bytes("first"), PosixFilePermissions.fromString("rw-------"));

        assertThrows(FileAlreadyExistsException.class,
                () -> DurableFiles.createNew(target, bytes("second"), PosixFilePermissions.fromString("rw-------")));

        assertEquals("first", Files.readString(target));
        assertEquals(List.of(target), Files.list(dir).toList());
    }

    @Test
    void createNewRefusesADanglingSymlinkInsteadOfWritingThroughIt() throws Exception {
        Path elsewhere = dir.resolve("elsewhere");
        Path target = Files.createSymbolicLink(dir.resolve("key.pem"), elsewhere);

        assertThrows(FileAlreadyExistsException.class,
                () -> DurableFiles.createNew(target, bytes("x"), PosixFilePermissions.fromString("rw-------")));

        assertEquals(false, Files.exists(elsewhere));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
