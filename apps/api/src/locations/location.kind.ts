import { Location } from '#locations';
import { type JsonObject, LocationDto } from '#ocpi';
import { isValidTimeZone } from '#tariffs';
import { BodyInvalid } from '../http/body-invalid.error.js';
import type { ReplaceableObjectKind } from '../receiver/ocpi-object.js';

/**
 * Locations as the receiver takes them: PUT replaces, PATCH merges. What is theirs alone: a
 * PATCH may not change the Location's identity, and the time zone must be a real one.
 */
export const LOCATION_KIND: ReplaceableObjectKind<
  Location.LocationCommand,
  Location.LocationEvent,
  Location.LocationState
> = {
  name: 'location',
  version: '2.2.1',
  ocpi_name: 'Location',
  dto: LocationDto,
  decider: Location,
  stream: Location.locationStream,
  held: (state) => state.location,
  putCommand: (location) => ({ type: 'PutLocation', data: { location } }),
  patchCommand: (patch) => ({ type: 'PatchLocation', data: { patch } }),
  assertPatchAllowed: Location.assertSameIdentity,
  assertAcceptable: assertKnownTimeZone,
};

/**
 * OCPI 2.3.0 Locations: the 2.3.0 chapters the ledger follows (CDRs, Tariffs, types) change no
 * field of a Location it reads, and fields it does not know are kept as sent, so the 2.2.1 DTO
 * checks them.
 */
export const LOCATION_KIND_230: typeof LOCATION_KIND = { ...LOCATION_KIND, version: '2.3.0' };

/** The Location's `time_zone` decides local time for tariffs: it must be a real IANA zone. */
function assertKnownTimeZone(location: JsonObject): void {
  const zone = String(location.time_zone);
  if (!isValidTimeZone(zone)) {
    throw new BodyInvalid('time_zone', `Invalid field time_zone: unknown IANA time zone '${zone}'`);
  }
}
