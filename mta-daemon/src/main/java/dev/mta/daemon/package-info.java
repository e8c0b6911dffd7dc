/**
 * The mta executable: command line, configuration, wiring and lifecycle.
 */
package dev.mta.daemon;
