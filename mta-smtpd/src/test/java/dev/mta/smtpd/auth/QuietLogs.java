package dev.mta.smtpd.auth;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the failures these tests provoke on purpose out of the build output: without a logback-test.xml in this
 * module, logback would print every line. A test that reads log events turns its logger back on itself.
 */
final class QuietLogs {

    private QuietLogs() {
    }

    static void apply() {
        ((Logger) LoggerFactory.getLogger("dev.mta.smtpd.auth")).setLevel(Level.OFF);
    }
}
