/**
 * A CPO's Location as pushed over OCPI (`location-<cc>-<party_id>-<id>`). The ledger keeps it
 * for one reason: its `time_zone` is the local time in which tariff restrictions are read.
 * PUT replaces, PATCH merges; a delivery that changes nothing is acknowledged without an event.
 */
import {
  mergePatch,
  sameJson,
  type JsonObject,
  ReceiverRejection,
  ciKey,
  sameCiValue,
} from '#ocpi';

export interface PutLocation {
  readonly type: 'PutLocation';
  readonly data: { readonly location: JsonObject };
}
export interface PatchLocation {
  readonly type: 'PatchLocation';
  readonly data: { readonly patch: JsonObject };
}
export type LocationCommand = PutLocation | PatchLocation;

export interface LocationPut {
  readonly type: 'LocationPut';
  readonly data: { readonly location: JsonObject };
}
export interface LocationPatched {
  readonly type: 'LocationPatched';
  readonly data: { readonly patch: JsonObject };
}
export type LocationEvent = LocationPut | LocationPatched;

export type LocationState = { readonly location: JsonObject | null };

export function initialState(): LocationState {
  return { location: null };
}

export function decide(command: LocationCommand, state: LocationState): LocationEvent[] {
  switch (command.type) {
    case 'PutLocation': {
      if (state.location !== null && sameJson(state.location, command.data.location)) return [];
      return [{ type: 'LocationPut', data: command.data }];
    }
    case 'PatchLocation': {
      if (state.location === null) {
        throw new ReceiverRejection('location_unknown', 'unknown location: PUT it first');
      }
      assertSameIdentity(state.location, command.data.patch);
      if (sameJson(state.location, mergePatch(state.location, command.data.patch))) return [];
      return [{ type: 'LocationPatched', data: command.data }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${String(unknown)}`);
    }
  }
}

export function evolve(state: LocationState, event: LocationEvent): LocationState {
  switch (event.type) {
    case 'LocationPut':
      return { location: event.data.location };
    case 'LocationPatched':
      return { location: mergePatch(state.location ?? {}, event.data.patch) };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}

const IDENTITY_FIELDS = ['country_code', 'party_id', 'id'] as const;

/** A PATCH may repeat the object's identity but never change it. */
export function assertSameIdentity(current: JsonObject, patch: JsonObject): void {
  for (const field of IDENTITY_FIELDS) {
    if (patch[field] !== undefined && !sameCiValue(patch[field], current[field])) {
      throw new ReceiverRejection('object_identity_changed', `${field} cannot be changed`, field);
    }
  }
}

/** The IANA zone of a known location, or null. */
export function locationTimeZone(state: LocationState): string | null {
  const zone = state.location?.time_zone;
  return typeof zone === 'string' ? zone : null;
}

export function locationStream(country_code: string, party_id: string, id: string): string {
  return `location-${ciKey(country_code)}-${ciKey(party_id)}-${ciKey(id)}`;
}
