package dev.mta.core.sink;

/**
 * The one door through which every message enters the queue: the SMTP server, the sendmail command and
 * bounce generation all use it.
 *
 * <p>Contract, shared by every implementation and checked by {@code MessageSinkContract} in mta-testkit:
 * <ul>
 *   <li>No method blocks on disk, network or locks held across I/O: callers run on Netty event loops.
 *       Work that needs I/O is done on the sink's own executor and reported through a
 *       {@link java.util.concurrent.CompletionStage}.</li>
 *   <li>A message exists for readers only once {@link MessageWriter#commit()} has completed normally; then
 *       the content and the envelope are on stable storage.</li>
 *   <li>An aborted or failed writer leaves nothing behind.</li>
 * </ul>
 */
public interface MessageSink {

    /**
     * Starts a message. Returns at once; the writer's storage is prepared in the background, and a failure
     * to prepare it surfaces in the writer's next {@link MessageWriter#write} or
     * {@link MessageWriter#commit()}.
     *
     * @throws SinkUnavailableException when the sink already knows it cannot take a message now (for example
     *                                  the disk is below its reserve); the SMTP server answers 452 4.3.1
     */
    MessageWriter open(Envelope envelope) throws SinkUnavailableException;

    /**
     * A cheap, non-blocking check, made at MAIL FROM, whether a message of about {@code expectedSize} bytes
     * could be stored now (Postfix checks 1.5 times the size limit against its free-space reserve). It reads
     * state the sink keeps current; it does not touch the disk.
     */
    boolean hasRoomFor(long expectedSize);
}
