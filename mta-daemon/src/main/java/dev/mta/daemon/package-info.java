/**
 * The mta executable's composition root: {@link dev.mta.daemon.Daemon} wires the modules together and owns
 * start, stop and reload; here too are what start needs before the modules run (state directories, the server
 * certificate, the Netty transport, the local submission socket and its user lookup) and the process's response
 * to SIGTERM and SIGINT (stop) and SIGHUP ({@link dev.mta.daemon.ReloadOnHangup}). {@code mta sendmail}, the
 * submission socket's client, lives in {@code dev.mta.daemon.sendmail}.
 *
 * <p>What must not live here: protocol, queue or delivery logic (they belong to their modules), configuration
 * parsing ({@code dev.mta.daemon.config}), command-line parsing ({@code dev.mta.daemon.cli}) and the control
 * socket with the queue commands it answers ({@code dev.mta.daemon.control}).
 */
package dev.mta.daemon;
