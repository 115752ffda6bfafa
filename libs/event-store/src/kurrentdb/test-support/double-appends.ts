/**
 * The double's write handlers: the unary-over-stream `Append` every server has, and the
 * bidirectional `BatchAppend` that 21.10+ servers advertise and the client then always uses.
 * Both apply the same checks (expected state, idempotent re-append) through the in-memory log.
 */
import type grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';

import type { InMemoryLog, ProposedEvent } from './in-memory-log.js';
import {
  appendResponse,
  batchAppendResponse,
  batchDeadline,
  batchWireExpectation,
  parseUuid,
  proposedEvent,
  streamName,
  wireExpectation,
  type AppendReqMessage,
  type AppendRespMessage,
  type BatchAppendReqMessage,
  type BatchAppendRespMessage,
} from './wire-messages.js';

export type AppendCall = grpc.ServerReadableStream<AppendReqMessage, AppendRespMessage>;
export type BatchAppendCall = grpc.ServerDuplexStream<
  BatchAppendReqMessage,
  BatchAppendRespMessage
>;

export function handleAppend(
  log: InMemoryLog,
  call: AppendCall,
  callback: grpc.sendUnaryData<AppendRespMessage>,
): void {
  let options: ReturnType<AppendReqMessage['getOptions']>;
  const proposed: ProposedEvent[] = [];
  call.on('data', (request: AppendReqMessage) => {
    if (request.hasOptions()) options = request.getOptions();
    else if (request.hasProposedMessage())
      proposed.push(proposedEvent(request.getProposedMessage()!));
  });
  call.on('error', () => undefined);
  call.on('end', () => {
    try {
      if (options === undefined) throw new Error('append without options');
      const stream = streamName(options.getStreamIdentifier());
      callback(null, appendResponse(log.append(stream, wireExpectation(options), proposed)));
    } catch (error) {
      callback({ code: status.INVALID_ARGUMENT, details: (error as Error).message });
    }
  });
}

interface PendingBatch {
  readonly options: NonNullable<ReturnType<BatchAppendReqMessage['getOptions']>>;
  readonly proposed: ProposedEvent[];
}

/**
 * One BatchAppend call carries many appends, each a run of requests under one correlation id
 * (options in the first, `is_final` on the last); each is answered on completion, in any order.
 * `answering()` false models a node that stops answering: the requests are taken and dropped.
 */
export function handleBatchAppend(
  log: InMemoryLog,
  call: BatchAppendCall,
  answering: () => boolean,
): void {
  const pending = new Map<string, PendingBatch>();
  call.on('data', (request: BatchAppendReqMessage) => {
    if (!answering()) return;
    const correlation = request.getCorrelationId()!;
    const key = parseUuid(correlation);
    let batch = pending.get(key);
    if (batch === undefined) {
      const options = request.getOptions();
      if (options === undefined) {
        call.emit('error', { code: status.INVALID_ARGUMENT, details: 'batch without options' });
        return;
      }
      batch = { options, proposed: [] };
      pending.set(key, batch);
    }
    for (const message of request.getProposedMessagesList()) {
      batch.proposed.push(proposedEvent(message));
    }
    if (!request.getIsFinal()) return;
    pending.delete(key);
    const stream = streamName(batch.options.getStreamIdentifier());
    const deadline = batchDeadline(batch.options);
    // Like the server, a batch whose deadline passed before it completed is not written.
    const outcome =
      deadline !== undefined && deadline.getTime() < Date.now()
        ? 'timeout'
        : log.append(stream, batchWireExpectation(batch.options), batch.proposed, 'BatchAppend');
    call.write(batchAppendResponse(correlation, stream, outcome));
  });
  call.on('error', () => undefined);
  call.on('end', () => call.end());
}
