/**
 * The write-ahead log: every trace-server request is appended to disk before it is sent, and
 * leaves the disk only after the server acknowledged it. {@link io.weave.client.internal.wal.Wal}
 * is the entry point.
 * <p>
 * Files, under {@code <baseDir>/<entity>/<project>/} (0700 directories and 0600 files where the
 * file system has POSIX permissions):
 * <ul>
 * <li>{@code <20-digit epoch nanos>-<pid>-<8 hex>.wal}: segments, lexical order = creation
 * order. One line per request: {@code <crc32c> <json>\n}, the CRC32C of the JSON bytes as 8
 * lowercase hex digits, the JSON being
 * {@code {"at":<epoch millis>,"type":"call_start","key":"<call id or object name>","req":<request body>}}.
 * The API key is never written. A segment is written through a memory mapping of a file
 * created at its full size: until its writer closes it (cutting it to its records), zeros follow
 * the records, then a trailer marking the file as preallocated.</li>
 * <li>{@code <stem>.lock}: the writer's lock, an OS lock held while the segment is written
 * (the file holds the writer's PID). Free means the writer rotated, closed or died.</li>
 * <li>{@code <stem>.send.lock}: the sender's lock, held by the one process sending the segment.</li>
 * <li>{@code <stem>.ckpt}: the byte offset below which every record is resolved.</li>
 * <li>{@code deadletter.jsonl}: requests given up on,
 * {@code {"reason":…,"at":…,"type":…,"key":…,"req":…}} per line, the body as it was logged.
 * Bounded by refusing: a letter that would take it past its bound is not written (its record is
 * resolved all the same and counted as refused), old letters are never overwritten. A replay
 * appends the letters to a segment again, forces it, then rewrites the file without them
 * through {@code deadletter.jsonl.replay} and a rename. {@code deadletter.jsonl.1}, left by
 * versions that rolled the file over, is replayed first.</li>
 * <li>{@code deadletter.lock}: an OS lock held while a letter is appended or the file replayed,
 * so that processes sharing the directory never lose each other's letters.</li>
 * <li>{@code quarantine.wal}: raw bytes of damaged lines, each after a {@code # corrupt|torn …}
 * header line.</li>
 * </ul>
 */
package io.weave.client.internal.wal;
