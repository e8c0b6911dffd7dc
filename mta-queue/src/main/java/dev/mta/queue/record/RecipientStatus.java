package dev.mta.queue.record;

/**
 * Where one recipient of a queued message stands (DESIGN.md invariant 4). A message leaves the queue once no
 * recipient is {@link #PENDING} or {@link #DEFERRED}.
 */
public enum RecipientStatus {
    /** Not tried yet. */
    PENDING("pending"),
    /** Accepted by the next hop or delivered. */
    DELIVERED("delivered"),
    /** Tried, failed temporarily; tried again at the next attempt time. */
    DEFERRED("deferred"),
    /** Failed permanently; a bounce is due unless the sender is null. */
    FAILED("failed");

    private final String word;

    RecipientStatus(String word) {
        this.word = word;
    }

    /** The word written in the record. */
    public String word() {
        return word;
    }

    /** Whether delivery still has to be tried for a recipient in this state. */
    public boolean isOpen() {
        return this == PENDING || this == DEFERRED;
    }

    static RecipientStatus fromWord(String word) throws CorruptRecordException {
        for (RecipientStatus s : values()) {
            if (s.word.equals(word)) {
                return s;
            }
        }
        throw new CorruptRecordException("unknown recipient state '" + word + "'");
    }
}
