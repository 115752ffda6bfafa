import { DomainRejection } from '#ledger';
import type {
  ExceptionDetectedData,
  ExceptionEvent,
  ExceptionResolvedData,
  ExceptionStatus,
  ExceptionType,
} from './exception.js';

/**
 * One exception's own stream (`exception-{id}`).
 * - DetectException -> ExceptionDetected; detected before -> no events (detecting twice raises
 *   nothing new).
 * - ResolveException (a person, with a note) -> ExceptionResolved. The handler passes what the
 *   queue holds (`queued`): exceptions found on a CDR's stream are detected there, so their own
 *   stream holds only the resolution. The same note again -> no events (a retry). Rejections:
 *   `exception_unknown` (neither detected here nor queued), `exception_resolved_with_cdr` (a
 *   CDR_HELD exception, or a finding that holds a CDR still held: resolve the CDR itself),
 *   `exception_already_resolved`.
 */
export interface DetectException {
  readonly type: 'DetectException';
  readonly detection: ExceptionDetectedData;
}

export interface ResolveException {
  readonly type: 'ResolveException';
  readonly exception_id: string;
  readonly queued: {
    readonly type: ExceptionType;
    readonly status: ExceptionStatus;
    /** True when the exception holds a CDR that is still held. */
    readonly holds_cdr: boolean;
  } | null;
  readonly note: string;
  readonly resolved_by: string;
  readonly resolved_at: string;
}

export type ExceptionCommand = DetectException | ResolveException;

export interface ExceptionState {
  readonly detected: ExceptionDetectedData | null;
  readonly resolved: ExceptionResolvedData | null;
}

export function initialState(): ExceptionState {
  return { detected: null, resolved: null };
}

function resolve(command: ResolveException, state: ExceptionState): ExceptionEvent[] {
  const id = command.exception_id;
  if (state.resolved !== null) {
    if (state.resolved.note === command.note) return [];
    throw new DomainRejection('exception_already_resolved', `exception ${id} is resolved`);
  }
  const { queued } = command;
  if (state.detected === null && queued === null) {
    throw new DomainRejection('exception_unknown', `unknown exception ${id}`);
  }
  if (queued !== null && (queued.type === 'CDR_HELD' || queued.holds_cdr)) {
    throw new DomainRejection(
      'exception_resolved_with_cdr',
      `exception ${id} holds a CDR: resolve the CDR (POST /v1/cdrs/{cc}/{pid}/{id}/resolution)`,
    );
  }
  if (queued?.status === 'RESOLVED') {
    throw new DomainRejection('exception_already_resolved', `exception ${id} is resolved`);
  }
  const { note, resolved_by, resolved_at } = command;
  return [
    { type: 'ExceptionResolved', data: { exception_id: id, note, resolved_by, resolved_at } },
  ];
}

export function decide(command: ExceptionCommand, state: ExceptionState): ExceptionEvent[] {
  switch (command.type) {
    case 'DetectException':
      if (state.detected !== null) return [];
      return [{ type: 'ExceptionDetected', data: command.detection }];
    case 'ResolveException':
      return resolve(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown exception command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolve(state: ExceptionState, event: ExceptionEvent): ExceptionState {
  switch (event.type) {
    case 'ExceptionDetected':
      return { ...state, detected: event.data };
    case 'ExceptionResolved':
      return { ...state, resolved: event.data };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}
