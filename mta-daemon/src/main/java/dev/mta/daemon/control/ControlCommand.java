package dev.mta.daemon.control;

import java.util.Optional;

/** The commands of the control protocol, each with the number of arguments it takes. */
public enum ControlCommand {
    /** The queue like mailq. */
    LIST("list", 0, 0),
    /** The queue as one JSON document. */
    LIST_JSON("list-json", 0, 0),
    /** One message: envelope, recipient states, headers. */
    SHOW("show", 1, 1),
    /** As {@link #SHOW}, and the body. */
    SHOW_BODY("show-body", 1, 1),
    /** Deferred recipients of one message, or of all, due now. */
    FLUSH("flush", 0, 1),
    /** Suspend delivery of one message. */
    HOLD("hold", 1, 1),
    /** End a hold. */
    RELEASE("release", 1, 1),
    /** Remove one message without delivering or notifying. */
    DELETE("delete", 1, 1),
    /** Remove every message that has a deferred recipient. */
    DELETE_DEFERRED("delete-deferred", 0, 0),
    /** Remove every message from one sender ({@code <>} for the null sender). */
    DELETE_FROM("delete-from", 1, 1);

    private final String word;
    private final int minArguments;
    private final int maxArguments;

    ControlCommand(String word, int minArguments, int maxArguments) {
        this.word = word;
        this.minArguments = minArguments;
        this.maxArguments = maxArguments;
    }

    /** The word on the wire. */
    public String word() {
        return word;
    }

    boolean takes(int arguments) {
        return arguments >= minArguments && arguments <= maxArguments;
    }

    static Optional<ControlCommand> of(String word) {
        for (ControlCommand c : values()) {
            if (c.word.equals(word)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
