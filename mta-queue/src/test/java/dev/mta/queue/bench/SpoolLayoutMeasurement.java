package dev.mta.queue.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Measures how many 5 KB messages per second this machine's disk can make durable under each candidate spool
 * layout, with 1, 8, 32 and 128 concurrent writers. A main class, not a test: the figures feed
 * {@code docs/adr/0002-spool-layout.md} and are never asserted.
 *
 * <p>Run: {@code java -cp mta-queue/target/test-classes dev.mta.queue.bench.SpoolLayoutMeasurement [dir] [seconds]}.
 * The directory must be on the disk the spool will live on.
 *
 * <ul>
 *   <li>{@code fileset-2}: per message a content file and an envelope file written in {@code incoming/},
 *       each fdatasync'd, renamed into {@code queue/}; the directory fsync of {@code queue/} is shared by
 *       every rename done before it started (group commit).</li>
 *   <li>{@code fileset-1}: the same with envelope and content in a single file (one data sync per message).</li>
 *   <li>{@code log}: records appended to one segment file; a committer makes one fdatasync for every record
 *       written before it started (group commit).</li>
 *   <li>{@code mix}: content in its own file (fdatasync'd, no rename), envelope appended to the shared log
 *       with group commit, plus the group directory fsync for the new content file.</li>
 * </ul>
 */
public final class SpoolLayoutMeasurement {

    private static final int MESSAGE_SIZE = 5 * 1024;
    private static final int ENVELOPE_SIZE = 400;
    private static final int[] WRITERS = {1, 8, 32, 128};

    private SpoolLayoutMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args.length > 0 ? args[0] : "target/spool-measurement");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3.0;
        List<String> layouts = args.length > 2 ? Arrays.asList(args[2].split(","))
                : List.of("fileset-2", "fileset-1", "log", "mix");
        System.out.printf(Locale.ROOT, "%-10s %8s %10s %10s %10s%n", "layout", "writers", "msgs/s", "syncs/s", "p50 ms");
        for (String layout : layouts) {
            for (int writers : WRITERS) {
                Path dir = base.resolve(layout + "-" + writers);
                deleteTree(dir);
                Files.createDirectories(dir);
                Result r = run(layout, dir, writers, seconds);
                System.out.printf(Locale.ROOT, "%-10s %8d %10.0f %10.0f %10.2f%n",
                        layout, writers, r.perSecond(), r.syncsPerSecond(), r.p50Millis());
                deleteTree(dir);
            }
        }
    }

    record Result(double perSecond, double syncsPerSecond, double p50Millis) {
    }

    private static Result run(String layout, Path dir, int writers, double seconds) throws Exception {
        try (Spool spool = switch (layout) {
            case "fileset-2" -> new FileSetSpool(dir, false);
            case "fileset-1" -> new FileSetSpool(dir, true);
            case "log" -> new LogSpool(dir, false);
            case "mix" -> new LogSpool(dir, true);
            default -> throw new IllegalArgumentException(layout);
        }) {
            byte[] content = new byte[MESSAGE_SIZE];
            Arrays.fill(content, (byte) 'x');
            byte[] envelope = new byte[ENVELOPE_SIZE];
            Arrays.fill(envelope, (byte) 'e');
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            AtomicLong ids = new AtomicLong();
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            List<Future<List<Long>>> futures = new ArrayList<>();
            long start = System.nanoTime();
            long syncsBefore = spool.syncs();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    List<Long> latencies = new ArrayList<>();
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        spool.store(ids.incrementAndGet(), envelope, content);
                        latencies.add(System.nanoTime() - t0);
                    }
                    return latencies;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : futures) {
                all.addAll(f.get());
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            all.sort(Comparator.naturalOrder());
            double p50 = all.isEmpty() ? 0 : all.get(all.size() / 2) / 1e6;
            return new Result(all.size() / elapsed, (spool.syncs() - syncsBefore) / elapsed, p50);
        }
    }

    interface Spool extends AutoCloseable {
        void store(long id, byte[] envelope, byte[] content) throws Exception;

        long syncs();

        @Override
        void close() throws IOException;
    }

    /**
     * Group commit of a sync action: whoever asks waits for a sync that started after its request; one sync
     * serves every request made before it started.
     */
    static final class GroupSync implements AutoCloseable {
        private final SyncAction action;
        private final Thread thread;
        private final AtomicLong syncs = new AtomicLong();
        private List<CompletableFuture<Void>> waiting = new ArrayList<>();
        private boolean closed;

        interface SyncAction {
            void sync() throws IOException;
        }

        GroupSync(SyncAction action) {
            this.action = action;
            this.thread = new Thread(this::loop, "group-sync");
            thread.start();
        }

        CompletableFuture<Void> request() {
            CompletableFuture<Void> f = new CompletableFuture<>();
            synchronized (this) {
                waiting.add(f);
                notifyAll();
            }
            return f;
        }

        private void loop() {
            while (true) {
                List<CompletableFuture<Void>> batch;
                synchronized (this) {
                    while (waiting.isEmpty() && !closed) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    if (waiting.isEmpty()) {
                        return;
                    }
                    batch = waiting;
                    waiting = new ArrayList<>();
                }
                try {
                    action.sync();
                    syncs.incrementAndGet();
                    batch.forEach(f -> f.complete(null));
                } catch (IOException e) {
                    batch.forEach(f -> f.completeExceptionally(e));
                }
            }
        }

        long syncs() {
            return syncs.get();
        }

        @Override
        public void close() {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static final class FileSetSpool implements Spool {
        private final Path incoming;
        private final Path queue;
        private final boolean oneFile;
        private final GroupSync dirSync;
        private final AtomicLong fileSyncs = new AtomicLong();

        FileSetSpool(Path dir, boolean oneFile) throws IOException {
            this.incoming = Files.createDirectories(dir.resolve("incoming"));
            this.queue = Files.createDirectories(dir.resolve("queue"));
            this.oneFile = oneFile;
            this.dirSync = new GroupSync(() -> {
                try (FileChannel d = FileChannel.open(queue, StandardOpenOption.READ)) {
                    d.force(true);
                }
            });
        }

        @Override
        public void store(long id, byte[] envelope, byte[] content) throws Exception {
            if (oneFile) {
                Path tmp = incoming.resolve(id + ".m");
                writeSynced(tmp, envelope, content);
                Files.move(tmp, queue.resolve(id + ".m"), StandardCopyOption.ATOMIC_MOVE);
            } else {
                Path msg = incoming.resolve(id + ".msg");
                Path env = incoming.resolve(id + ".env");
                writeSynced(msg, content);
                writeSynced(env, envelope);
                Files.move(msg, queue.resolve(id + ".msg"), StandardCopyOption.ATOMIC_MOVE);
                Files.move(env, queue.resolve(id + ".env"), StandardCopyOption.ATOMIC_MOVE);
            }
            dirSync.request().get();
        }

        private void writeSynced(Path file, byte[]... parts) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (byte[] p : parts) {
                    ByteBuffer b = ByteBuffer.wrap(p);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                }
                ch.force(false);
                fileSyncs.incrementAndGet();
            }
        }

        @Override
        public long syncs() {
            return fileSyncs.get() + dirSync.syncs();
        }

        @Override
        public void close() {
            dirSync.close();
        }
    }

    static final class LogSpool implements Spool {
        private final FileChannel log;
        private final AtomicLong position = new AtomicLong();
        private final GroupSync logSync;
        private final GroupSync dirSync;
        private final Path contentDir;
        private final AtomicLong fileSyncs = new AtomicLong();
        private final boolean contentFiles;

        LogSpool(Path dir, boolean contentFiles) throws IOException {
            this.log = FileChannel.open(dir.resolve("segment-000001"), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            this.contentFiles = contentFiles;
            this.contentDir = Files.createDirectories(dir.resolve("content"));
            this.logSync = new GroupSync(() -> log.force(false));
            this.dirSync = new GroupSync(() -> {
                try (FileChannel d = FileChannel.open(contentDir, StandardOpenOption.READ)) {
                    d.force(true);
                }
            });
        }

        @Override
        public void store(long id, byte[] envelope, byte[] content) throws Exception {
            byte[] header = ("record " + id + "\n").getBytes(StandardCharsets.US_ASCII);
            if (contentFiles) {
                try (FileChannel ch = FileChannel.open(contentDir.resolve(Long.toString(id)),
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ByteBuffer b = ByteBuffer.wrap(content);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                    ch.force(false);
                    fileSyncs.incrementAndGet();
                }
                CompletableFuture<Void> dir = dirSync.request();
                append(header, envelope);
                logSync.request().get();
                dir.get();
            } else {
                append(header, envelope, content);
                logSync.request().get();
            }
        }

        private void append(byte[]... parts) throws IOException {
            int length = 0;
            for (byte[] p : parts) {
                length += p.length;
            }
            long at = position.getAndAdd(length);
            ByteBuffer all = ByteBuffer.allocate(length);
            for (byte[] p : parts) {
                all.put(p);
            }
            all.flip();
            while (all.hasRemaining()) {
                at += log.write(all, at);
            }
        }

        @Override
        public long syncs() {
            return fileSyncs.get() + logSync.syncs() + dirSync.syncs();
        }

        @Override
        public void close() throws IOException {
            logSync.close();
            dirSync.close();
            log.close();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
