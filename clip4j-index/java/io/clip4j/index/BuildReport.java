package io.clip4j.index;

/**
 * What an {@link IndexBuilder} run did.
 *
 * @param added files embedded that were not in the index
 * @param updated indexed files whose content changed, embedded again
 * @param unchanged files skipped because size and time, or the content hash, matched
 * @param removed documents deleted: files that are gone, or changed into something unreadable
 * @param failed files that could not be read or decoded (each reported to the listener)
 * @param documents documents in the index after the final commit
 * @param seconds wall time of the run
 */
public record BuildReport(int added, int updated, int unchanged, int removed, int failed, int documents,
                          double seconds) {
}
