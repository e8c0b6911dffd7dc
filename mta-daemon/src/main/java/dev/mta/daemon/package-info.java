/**
 * The mta executable's composition root: {@link dev.mta.daemon.Daemon} wires the modules together and owns
 * start and stop; here too are what start needs before the modules run (state directories, the server
 * certificate, the Netty transport, the local submission socket and its user lookup) and the process's response
 * to SIGTERM and SIGINT. {@code mta sendmail}, the socket's client, lives in {@code dev.mta.daemon.sendmail}.
 *
 * <p>What must not live here: protocol, queue or delivery logic (they belong to their modules), configuration
 * parsing ({@code dev.mta.daemon.config}) and command-line parsing ({@code dev.mta.daemon.cli}).
 */
package dev.mta.daemon;
