/**
 * A scripted SMTP server for testing SMTP clients ({@link dev.mta.testkit.smtp.ScriptedSmtpServer}), in the manner
 * of OkHttp's MockWebServer: a real server on loopback that accepts and records by default and answers as scripted
 * per command; plus {@link dev.mta.testkit.smtp.TestCertificate}, a certificate made at test time for STARTTLS.
 *
 * <p>Not here: anything production code could depend on, mocks of the client under test, fixed ports, key files.
 */
package dev.mta.testkit.smtp;
