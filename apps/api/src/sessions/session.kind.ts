import { Session230Dto, SessionDto } from '#ocpi';
import { Session } from '#sessions';
import type { ReplaceableObjectKind } from '../receiver/ocpi-object.js';

/** Nothing to check before deciding: the Session decider holds the CPO to its invariants. */
function noFurtherRule(): void {}

/** Sessions as the receiver takes them: PUT replaces, PATCH merges. */
export const SESSION_KIND: ReplaceableObjectKind<
  Session.SessionCommand,
  Session.SessionEvent,
  Session.SessionState
> = {
  name: 'session',
  version: '2.2.1',
  ocpi_name: 'Session',
  dto: SessionDto,
  decider: Session,
  stream: Session.sessionStream,
  held: (state) => state.session,
  putCommand: (session) => ({ type: 'PutSession', data: { session } }),
  patchCommand: (patch) => ({ type: 'PatchSession', data: { patch } }),
  assertPatchAllowed: noFurtherRule,
  assertAcceptable: noFurtherRule,
};

/** OCPI 2.3.0 Sessions: the same flow; `total_cost` is a 2.3.0 Price (before_taxes, taxes). */
export const SESSION_KIND_230: typeof SESSION_KIND = {
  ...SESSION_KIND,
  version: '2.3.0',
  dto: Session230Dto,
};
