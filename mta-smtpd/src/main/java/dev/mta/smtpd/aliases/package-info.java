/**
 * The aliases file (DESIGN.md, "Domains, users, addresses"): local names such as {@code postmaster}, {@code root}
 * and {@code abuse} mapped to addresses, in the {@code /etc/aliases} format.
 *
 * <p>Lives here: the parser ({@link dev.mta.smtpd.aliases.AliasesFileParser}), the immutable, fully expanded
 * table it builds ({@link dev.mta.smtpd.aliases.AliasTable}), its error ({@link
 * dev.mta.smtpd.aliases.AliasesFileException}) and the holder a reload swaps ({@link
 * dev.mta.smtpd.aliases.Aliases}).
 *
 * <p>Must not live here: when an alias applies (the recipient policy decides that at RCPT), and any file reading
 * on an event loop: tables are built at start and on reload, lookups are in memory.
 */
package dev.mta.smtpd.aliases;
