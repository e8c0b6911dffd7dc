/**
 * Small file-system helpers for files that must survive a crash: written in full, synced, and put in place in one
 * step. Blocking by nature: never called from an event loop. Not the queue's storage, which has its own log.
 */
package dev.mta.core.io;
