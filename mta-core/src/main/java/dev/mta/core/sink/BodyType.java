package dev.mta.core.sink;

/** The MAIL FROM {@code BODY} parameter (RFC 6152, RFC 3030). */
public enum BodyType {
    SEVEN_BIT("7BIT"), EIGHT_BIT_MIME("8BITMIME"), BINARY_MIME("BINARYMIME");

    private final String keyword;

    BodyType(String keyword) {
        this.keyword = keyword;
    }

    /** The keyword as written in the parameter. */
    public String keyword() {
        return keyword;
    }
}
