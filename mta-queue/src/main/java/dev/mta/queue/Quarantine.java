package dev.mta.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Moves what cannot be trusted into {@code corrupt/}, next to a {@code .reason} file, with one log line naming
 * the item and the reason (DESIGN.md invariant 7; Postfix's corrupt queue). Nothing is ever opened through a
 * link: a symbolic link is moved as the link itself, its target is never read.
 */
final class Quarantine {

    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);

    private final Path corrupt;
    private final Storage storage;

    Quarantine(Path corrupt, Storage storage) {
        this.corrupt = corrupt;
        this.storage = storage;
    }

    /** Moves a whole file, directory or link out of the spool's working directories. */
    void move(Path item, String reason) throws IOException {
        Path target = freeName(safe(item.getFileName().toString()));
        // rename(2) moves the link or directory entry itself; it never follows a link.
        Files.move(item, target);
        writeReason(target, item.toString(), reason);
        LOG.warn("{}: moved to {}: {}", printable(item.toString()), target, reason);
    }

    /** Copies {@code length} bytes of a segment from {@code offset} into a file of their own. */
    void copy(Path segment, long offset, long length, String reason) throws IOException {
        String name = segment.getFileName() + "@" + offset;
        Path target = freeName(name);
        try (FileChannel in = storage.open(segment, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
             FileChannel out = storage.open(target, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                     LinkOption.NOFOLLOW_LINKS))) {
            long done = 0;
            while (done < length) {
                long n = in.transferTo(offset + done, length - done, out);
                if (n <= 0) {
                    break;
                }
                done += n;
            }
            out.force(false);
        }
        writeReason(target, segment + " offset " + offset + " length " + length, reason);
        LOG.warn("{} at offset {} ({} bytes): copied to {}: {}", segment, offset, length, target, reason);
    }

    private void writeReason(Path target, String source, String reason) throws IOException {
        Path file = target.resolveSibling(target.getFileName() + ".reason");
        String text = "source: " + printable(source) + "\nreason: " + printable(reason) + "\n";
        Files.write(file, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        storage.syncDirectory(corrupt);
    }

    private Path freeName(String base) {
        Path candidate = corrupt.resolve(base);
        for (int i = 1; Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)
                || Files.exists(candidate.resolveSibling(candidate.getFileName() + ".reason"), LinkOption.NOFOLLOW_LINKS);
             i++) {
            candidate = corrupt.resolve(base + "." + i);
        }
        return candidate;
    }

    /** A file name made only of harmless characters; never empty, never "." or "..". */
    static String safe(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < 100; i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || (c == '.' && i > 0);
            out.append(ok ? c : '_');
        }
        return out.length() == 0 ? "_" : out.toString();
    }

    /** Text safe for one log line: controls shown as {@code ?}. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        return out.toString();
    }
}
