export * as Location from './location.decider.js';
export { locationStream, locationTimeZone, assertSameIdentity } from './location.decider.js';
export { countryTimeZone } from './country-time-zone.js';
export type { LocationEvent } from './location.decider.js';
