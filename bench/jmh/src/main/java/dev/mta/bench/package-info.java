/**
 * JMH microbenchmarks of the paths every message takes: DKIM signing as the daemon wires it (body hash while
 * the data streams, one signature at commit), SMTP command parsing, DATA decoding (dot-unstuffing, end of data,
 * bare CR/LF checks), and a queue commit that is synced before it completes. Each drives the production class
 * through its public API; nothing here is a copy of product code, and no product code depends on this package.
 * Run: {@code mvn -B -q -pl bench/jmh -am package -DskipTests -Pjmh && java -jar bench/jmh/target/benchmarks.jar}.
 */
package dev.mta.bench;
