import { createHash } from 'node:crypto';

/**
 * The root of a seal: one SHA-256 over the head of every stream of the log at one position.
 *
 * Definition (README, "Seals"; an auditor can recompute it with any SHA-256 tool):
 * - the heads: for every stream that has an event at or before the sealed position, its last such
 *   event's revision and hash (the per-stream chain hash of hash-chain.ts);
 * - one line per stream, `<stream>:<head hash>:<revision>\n` (revision in decimal), the lines
 *   sorted by stream name in ascending order of the names' UTF-8 bytes;
 * - the root is the lower-case hex SHA-256 of the UTF-8 bytes of all the lines concatenated
 *   (an empty log: SHA-256 of nothing).
 * A head hash chains every earlier event of its stream, so the root covers every event at or
 * before the position: altering, removing, inserting or reordering one changes its stream's head.
 */
export interface StreamHead {
  readonly stream: string;
  readonly revision: bigint;
  readonly hash: string;
}

/** The heads in the root's order: by stream name, compared as UTF-8 bytes. */
export function sortedHeads(heads: Iterable<StreamHead>): StreamHead[] {
  return [...heads]
    .map((head) => ({ head, bytes: Buffer.from(head.stream, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map(({ head }) => head);
}

/** The line a stream's head contributes to the root. */
export function headLine(head: StreamHead): string {
  return `${head.stream}:${head.hash}:${head.revision.toString()}\n`;
}

export function sealRoot(heads: Iterable<StreamHead>): string {
  // Lines are fed one by one: the text of all lines is never built in memory.
  const digest = createHash('sha256');
  for (const head of sortedHeads(heads)) digest.update(headLine(head), 'utf8');
  return digest.digest('hex');
}

export const SEAL_ROOT_PATTERN = /^[0-9a-f]{64}$/;
