package dev.mta.daemon.config;

/** The sections of the reference configuration, in order; every key belongs to one. */
enum Section {
    GENERAL("General"),
    LISTENERS("Listeners"),
    TLS("TLS"),
    DOMAINS("Accepted domains, aliases and users"),
    RELAY_AND_LIMITS("Relaying and limits"),
    TIMEOUTS("Timeouts"),
    QUEUE("Queue"),
    DELIVERY("Delivery"),
    DKIM("DKIM signing"),
    OPERATIONS("Metrics and health");

    private final String title;

    Section(String title) {
        this.title = title;
    }

    String title() {
        return title;
    }
}
