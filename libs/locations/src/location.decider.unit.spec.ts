import * as Location from './location.decider.js';
import { countryTimeZone } from './country-time-zone.js';

const location = {
  country_code: 'DE',
  party_id: 'ABC',
  id: 'L1',
  time_zone: 'Europe/Berlin',
  name: 'A',
};
const given = (events: Location.LocationEvent[]) =>
  events.reduce(Location.evolve, Location.initialState());

describe('Location decider', () => {
  it('given nothing, when PUT, then LocationPut; the same PUT again: nothing', () => {
    const events = Location.decide({ type: 'PutLocation', data: { location } }, given([]));
    expect(events).toEqual([{ type: 'LocationPut', data: { location } }]);
    const reordered = {
      name: 'A',
      time_zone: 'Europe/Berlin',
      id: 'L1',
      party_id: 'ABC',
      country_code: 'DE',
    };
    expect(
      Location.decide({ type: 'PutLocation', data: { location: reordered } }, given(events)),
    ).toEqual([]);
  });

  it('given a location, when PATCH, then LocationPatched merges; a no-op PATCH: nothing', () => {
    const state = given([{ type: 'LocationPut', data: { location } }]);
    const patch = { name: 'B' };
    const events = Location.decide({ type: 'PatchLocation', data: { patch } }, state);
    expect(events).toEqual([{ type: 'LocationPatched', data: { patch } }]);
    const after = events.reduce(Location.evolve, state);
    expect(Location.locationTimeZone(after)).toBe('Europe/Berlin');
    expect(after.location?.name).toBe('B');
    expect(Location.decide({ type: 'PatchLocation', data: { patch } }, after)).toEqual([]);
  });

  it('given nothing, when PATCH, then location_unknown', () => {
    expect(() =>
      Location.decide({ type: 'PatchLocation', data: { patch: {} } }, given([])),
    ).toThrow(expect.objectContaining({ receiver_code: 'location_unknown' }));
  });

  it('given a location, when PATCH changes its id, then object_identity_changed', () => {
    const state = given([{ type: 'LocationPut', data: { location } }]);
    expect(() =>
      Location.decide({ type: 'PatchLocation', data: { patch: { id: 'L2' } } }, state),
    ).toThrow(expect.objectContaining({ receiver_code: 'object_identity_changed' }));
  });

  it('falls back to a country zone only for single-zone countries', () => {
    expect(countryTimeZone('DE')).toBe('Europe/Berlin');
    expect(countryTimeZone('NLD')).toBe('Europe/Amsterdam');
    expect(countryTimeZone('ES')).toBeNull();
    expect(countryTimeZone('US')).toBeNull();
  });
});
