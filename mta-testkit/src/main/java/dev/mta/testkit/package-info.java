/**
 * Test fixtures shared by the modules' tests: MessageSink contract, in-memory sink, certificates, loopback DNS, scripted SMTP server.
 */
package dev.mta.testkit;
