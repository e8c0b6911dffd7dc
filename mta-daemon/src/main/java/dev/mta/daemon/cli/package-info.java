/**
 * The {@code mta} command line (picocli): {@code mta run}, {@code mta check-config},
 * {@code mta user add|passwd|del}, {@code mta dkim keygen|check|verify},
 * {@code mta queue list|show|flush|hold|release|delete}, {@code mta sendmail} (sysexits, not the codes below),
 * {@code mta version}, and the options every command shares. Commands return the exit status: 0 ok, 1 the
 * operation failed, 2 usage or configuration error (picocli's own status for invalid input is 2 too).
 *
 * <p>What must not live here: the work itself. A command parses, calls the daemon or configuration code, and
 * turns the outcome into output and an exit status.
 */
package dev.mta.daemon.cli;
