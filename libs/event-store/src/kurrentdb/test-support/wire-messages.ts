/**
 * Conversions between the double's in-memory records and the protobuf messages the KurrentDB
 * client package ships (generated/kurrentdb/protocols/v1), so the double speaks the real wire
 * format. The same module instances as the client's are used: the generated serializers check
 * `instanceof`.
 */
import { Metadata } from '@grpc/grpc-js';
import codePb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/code_pb.js';
import sharedPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb.js';
import statusPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb.js';
import anyPb from 'google-protobuf/google/protobuf/any_pb.js';
import streamsPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js';

import type {
  AppendOutcome,
  ProposedEvent,
  StoredEvent,
  WireExpectation,
} from './in-memory-log.js';

const { Empty, StreamIdentifier, UUID } = sharedPb;
const { AppendReq, AppendResp, ReadResp } = streamsPb;
export type AppendReqMessage = InstanceType<typeof AppendReq>;
export type AppendRespMessage = InstanceType<typeof AppendResp>;
export type ReadReqMessage = InstanceType<typeof streamsPb.ReadReq>;
export type ReadRespMessage = InstanceType<typeof ReadResp>;
export type ReadOptionsMessage = InstanceType<typeof streamsPb.ReadReq.Options>;

const U64_MASK = (1n << 64n) - 1n;

export function streamName(identifier: InstanceType<typeof StreamIdentifier> | undefined): string {
  if (identifier === undefined) throw new Error('request carries no stream identifier');
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

export function parseUuid(uuid: InstanceType<typeof UUID> | undefined): string {
  if (uuid === undefined) throw new Error('message carries no id');
  if (!uuid.hasStructured()) return uuid.getString();
  const structured = uuid.getStructured()!;
  const most = (BigInt(structured.getMostSignificantBits()) & U64_MASK).toString(16);
  const least = (BigInt(structured.getLeastSignificantBits()) & U64_MASK).toString(16);
  const hex = most.padStart(16, '0') + least.padStart(16, '0');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}

function toUuid(id: string, structured: boolean): InstanceType<typeof UUID> {
  const uuid = new UUID();
  if (!structured) return uuid.setString(id);
  const hex = id.replaceAll('-', '');
  const parts = new UUID.Structured();
  parts.setMostSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString());
  parts.setLeastSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)).toString());
  return uuid.setStructured(parts);
}

/** Reads the expected-state oneof of an Append request's options, as the server does. */
export function wireExpectation(options: InstanceType<typeof AppendReq.Options>): WireExpectation {
  const Case = AppendReq.Options.ExpectedStreamRevisionCase;
  switch (options.getExpectedStreamRevisionCase()) {
    case Case.ANY:
      return { kind: 'any' };
    case Case.NO_STREAM:
      return { kind: 'no_stream' };
    case Case.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    case Case.REVISION:
      return { kind: 'revision', revision: BigInt(options.getRevision()) };
    default:
      throw new Error('append options carry no expected stream state');
  }
}

/** The parts of a proposed message that Append and BatchAppend share. */
interface ProposedMessageLike {
  getId(): InstanceType<typeof UUID> | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

export function proposedEvent(message: ProposedMessageLike) {
  const metadata = message.getMetadataMap();
  return {
    id: parseUuid(message.getId()),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  } satisfies ProposedEvent;
}

export function appendResponse(outcome: AppendOutcome): AppendRespMessage {
  const response = new AppendResp();
  if (outcome.kind === 'success') {
    const position = new AppendResp.Position();
    position.setCommitPosition(outcome.position.toString());
    position.setPreparePosition(outcome.position.toString());
    const success = new AppendResp.Success();
    if (outcome.revision < 0n) success.setNoStream(new Empty());
    else success.setCurrentRevision(outcome.revision.toString());
    success.setPosition(position);
    return response.setSuccess(success);
  }
  const wrong = new AppendResp.WrongExpectedVersion();
  if (outcome.current === null) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentRevision(outcome.current.toString());
  const expected = outcome.expected;
  if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new Empty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
  else wrong.setExpectedAny(new Empty());
  return response.setWrongExpectedVersion(wrong);
}

export function eventResponse(event: StoredEvent, structuredIds: boolean): ReadRespMessage {
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Buffer.from(event.stream, 'utf8'));
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  recorded.setId(toUuid(event.id, structuredIds));
  recorded.setStreamIdentifier(identifier);
  recorded.setStreamRevision(event.revision.toString());
  recorded.setPreparePosition(event.position.toString());
  recorded.setCommitPosition(event.position.toString());
  const metadata = recorded.getMetadataMap();
  metadata.set('type', event.type);
  metadata.set('content-type', event.contentType);
  metadata.set('created', event.createdTicks.toString());
  recorded.setCustomMetadata(event.customMetadata);
  recorded.setData(event.data);
  const readEvent = new ReadResp.ReadEvent();
  readEvent.setEvent(recorded);
  readEvent.setCommitPosition(event.position.toString());
  return new ReadResp().setEvent(readEvent);
}

export function streamNotFoundResponse(stream: string): ReadRespMessage {
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Buffer.from(stream, 'utf8'));
  const notFound = new ReadResp.StreamNotFound();
  notFound.setStreamIdentifier(identifier);
  return new ReadResp().setStreamNotFound(notFound);
}

export function confirmationResponse(subscriptionId: string): ReadRespMessage {
  const confirmation = new ReadResp.SubscriptionConfirmation();
  confirmation.setSubscriptionId(subscriptionId);
  return new ReadResp().setConfirmation(confirmation);
}

export function caughtUpResponse(): ReadRespMessage {
  return new ReadResp().setCaughtUp(new ReadResp.CaughtUp());
}

export type BatchAppendReqMessage = InstanceType<typeof streamsPb.BatchAppendReq>;
export type BatchAppendRespMessage = InstanceType<typeof streamsPb.BatchAppendResp>;
type BatchOptions = InstanceType<typeof streamsPb.BatchAppendReq.Options>;

/** Reads the expected-state oneof of a BatchAppend request's options, as the server does. */
export function batchWireExpectation(options: BatchOptions): WireExpectation {
  const Case = streamsPb.BatchAppendReq.Options.ExpectedStreamPositionCase;
  switch (options.getExpectedStreamPositionCase()) {
    case Case.ANY:
      return { kind: 'any' };
    case Case.NO_STREAM:
      return { kind: 'no_stream' };
    case Case.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    case Case.STREAM_POSITION:
      return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
    default:
      throw new Error('batch append options carry no expected stream position');
  }
}

/** The deadline a 21.10+ client puts in the options (a timestamp), or undefined. */
export function batchDeadline(options: BatchOptions): Date | undefined {
  return options.hasDeadline21100() ? options.getDeadline21100()!.toDate() : undefined;
}

/** The answer to one batch (one correlation id): success, or an error status as the server
 * packs it (WrongExpectedVersion details, or a Timeout when the deadline passed). */
export function batchAppendResponse(
  correlationId: InstanceType<typeof UUID>,
  stream: string,
  outcome: AppendOutcome | 'timeout',
): BatchAppendRespMessage {
  const { BatchAppendResp } = streamsPb;
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Buffer.from(stream, 'utf8'));
  const response = new BatchAppendResp();
  response.setCorrelationId(correlationId);
  response.setStreamIdentifier(identifier);
  if (outcome !== 'timeout' && outcome.kind === 'success') {
    const success = new BatchAppendResp.Success();
    if (outcome.revision < 0n) success.setNoStream(new Empty());
    else success.setCurrentRevision(outcome.revision.toString());
    const position = new sharedPb.AllStreamPosition();
    position.setCommitPosition(outcome.position.toString());
    position.setPreparePosition(outcome.position.toString());
    success.setPosition(position);
    return response.setSuccess(success);
  }
  const status = new statusPb.Status();
  const details = new anyPb.Any();
  if (outcome === 'timeout') {
    status.setCode(codePb.Code.DEADLINE_EXCEEDED);
    status.setMessage('the append did not complete before its deadline');
    details.pack(new sharedPb.Timeout().serializeBinary(), 'event_store.client.Timeout');
  } else {
    status.setCode(codePb.Code.FAILED_PRECONDITION);
    status.setMessage('wrong expected version');
    details.pack(
      wrongExpectedVersion(outcome).serializeBinary(),
      'event_store.client.WrongExpectedVersion',
    );
  }
  status.setDetails(details);
  return response.setError(status);
}

function wrongExpectedVersion(outcome: Extract<AppendOutcome, { kind: 'wrong_expected_version' }>) {
  const wrong = new sharedPb.WrongExpectedVersion();
  if (outcome.current === null) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentStreamRevision(outcome.current.toString());
  const expected = outcome.expected;
  if (expected.kind === 'revision') wrong.setExpectedStreamPosition(expected.revision.toString());
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new Empty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
  else wrong.setExpectedAny(new Empty());
  return wrong;
}

/** What a follower answers to a request that requires the leader: not-leader, naming it. */
export function notLeaderMetadata(leader: { host: string; port: number }): Metadata {
  const metadata = new Metadata();
  metadata.set('exception', 'not-leader');
  metadata.set('leader-endpoint-host', leader.host);
  metadata.set('leader-endpoint-port', String(leader.port));
  return metadata;
}
