export * as TariffVersions from './tariff-versions.decider.js';
export { tariffStream, tariffVersionAt, type TariffVersion } from './tariff-versions.decider.js';
export type { TariffEvent } from './tariff-versions.decider.js';
