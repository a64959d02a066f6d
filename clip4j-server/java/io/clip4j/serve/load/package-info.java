/**
 * A small closed-loop HTTP/1.1 load generator for benchmarking the embedding server: a fixed
 * number of keep-alive connections, each sending the next request as soon as the previous answer
 * arrived, for a fixed duration; latency percentiles and status counts at the end.
 */
package io.clip4j.serve.load;
