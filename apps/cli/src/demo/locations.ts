/**
 * The CPOs' Locations with their IANA time zones (one outside Europe: La Reunion, UTC+4) and
 * EVSEs, each connector with the tariff it is sold at. Static data.
 */
import { CPOS, type DemoParty } from './parties.js';
import { TARIFF_PUBLISHED_AT } from './tariffs.js';

export interface DemoEvse {
  readonly uid: string;
  readonly evse_id: string;
  readonly power_type: 'AC_3_PHASE' | 'DC';
  readonly standard: 'IEC_62196_T2' | 'IEC_62196_T2_COMBO';
  readonly format: 'SOCKET' | 'CABLE';
  readonly max_power_kw: number;
  readonly tariff_id: string;
}

export interface DemoLocation {
  readonly cpo: DemoParty;
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly city: string;
  readonly postal_code: string;
  /** ISO 3166-1 alpha-3, as OCPI Locations carry it. */
  readonly country: string;
  readonly latitude: string;
  readonly longitude: string;
  readonly time_zone: string;
  readonly evses: readonly DemoEvse[];
  /** Relative share of the month's sessions. */
  readonly weight: number;
}

const [ION, FLX, VOL] = CPOS;

function evses(cpo: DemoParty, site: string, ac: string, dc: string | null): DemoEvse[] {
  const prefix = `${cpo.country_code}*${cpo.party_id}*E${site}`;
  const list: DemoEvse[] = [
    {
      uid: `${site}-AC1`,
      evse_id: `${prefix}A1`,
      power_type: 'AC_3_PHASE',
      standard: 'IEC_62196_T2',
      format: 'SOCKET',
      max_power_kw: 11,
      tariff_id: ac,
    },
  ];
  if (dc !== null) {
    list.push({
      uid: `${site}-DC1`,
      evse_id: `${prefix}D1`,
      power_type: 'DC',
      standard: 'IEC_62196_T2_COMBO',
      format: 'CABLE',
      max_power_kw: 150,
      tariff_id: dc,
    });
  }
  return list;
}

type Site = [string, string, string, string, string, string, string, number, boolean];

/**
 * Sites outside their CPO's home country (VAT territory): the Location carries the ISO 3166-1
 * alpha-3 code of where it stands (La Reunion has its own, REU, not FRA), its time zone, and its
 * AC tariff states the VAT of that place of supply (8.5 % in La Reunion).
 */
const ABROAD: Readonly<Record<string, { country: string; time_zone: string; ac: string }>> = {
  RE001: { country: 'REU', time_zone: 'Indian/Reunion', ac: 'VOL-RE' },
};

function locations(
  cpo: DemoParty,
  country: string,
  zone: string,
  ac: string,
  dc: string,
  sites: readonly Site[],
): DemoLocation[] {
  return sites.map(([id, name, address, city, postal_code, latitude, longitude, weight, fast]) => {
    const abroad = ABROAD[id];
    return {
      cpo,
      id,
      name,
      address,
      city,
      postal_code,
      country: abroad?.country ?? country,
      latitude,
      longitude,
      weight,
      time_zone: abroad?.time_zone ?? zone,
      evses: evses(cpo, id, abroad?.ac ?? ac, fast ? dc : null),
    };
  });
}

export const LOCATIONS: readonly DemoLocation[] = [
  ...locations(ION, 'DEU', 'Europe/Berlin', 'ION-AC', 'ION-HPC', [
    [
      'BER01',
      'Potsdamer Platz',
      'Potsdamer Platz 1',
      'Berlin',
      '10785',
      '52.509663',
      '13.376481',
      5,
      true,
    ],
    [
      'MUC01',
      'Olympiapark',
      'Spiridon-Louis-Ring 21',
      'Muenchen',
      '80809',
      '48.173042',
      '11.546722',
      4,
      true,
    ],
    [
      'HAM01',
      'HafenCity',
      'Am Sandtorkai 48',
      'Hamburg',
      '20457',
      '53.543564',
      '9.988541',
      3,
      false,
    ],
    [
      'CGN01',
      'Rheinauhafen',
      'Agrippinawerft 1',
      'Koeln',
      '50678',
      '50.928352',
      '6.963797',
      2,
      true,
    ],
  ]),
  ...locations(FLX, 'NLD', 'Europe/Amsterdam', 'FLX-AC', 'FLX-DC', [
    [
      'AMS01',
      'Zuidas',
      'Gustav Mahlerlaan 10',
      'Amsterdam',
      '1082 PP',
      '52.337650',
      '4.872290',
      5,
      true,
    ],
    [
      'RTM01',
      'Kop van Zuid',
      'Wilhelminakade 137',
      'Rotterdam',
      '3072 AP',
      '51.906780',
      '4.488800',
      3,
      false,
    ],
    [
      'UTR01',
      'Jaarbeurs',
      'Jaarbeursplein 6',
      'Utrecht',
      '3521 AL',
      '52.088420',
      '5.107100',
      3,
      true,
    ],
    [
      'EIN01',
      'Strijp-S',
      'Torenallee 20',
      'Eindhoven',
      '5617 BC',
      '51.447730',
      '5.456700',
      2,
      false,
    ],
  ]),
  ...locations(VOL, 'FRA', 'Europe/Paris', 'VOL-AC', 'VOL-DC', [
    [
      'PAR01',
      'La Defense',
      '1 Parvis de la Defense',
      'Puteaux',
      '92800',
      '48.891930',
      '2.238230',
      5,
      true,
    ],
    [
      'LYS01',
      'Part-Dieu',
      '17 Rue du Docteur Bouchut',
      'Lyon',
      '69003',
      '45.761020',
      '4.856630',
      3,
      true,
    ],
    [
      'MRS01',
      'Vieux-Port',
      '2 Quai du Port',
      'Marseille',
      '13002',
      '43.296260',
      '5.369780',
      2,
      false,
    ],
    [
      'RE001',
      'Le Barachois',
      '1 Avenue de la Victoire',
      'Saint-Denis',
      '97400',
      '-20.876440',
      '55.448140',
      2,
      false,
    ],
  ]),
];

export function locationBody(location: DemoLocation): Record<string, unknown> {
  return {
    country_code: location.cpo.country_code,
    party_id: location.cpo.party_id,
    id: location.id,
    publish: true,
    name: location.name,
    address: location.address,
    city: location.city,
    postal_code: location.postal_code,
    country: location.country,
    coordinates: { latitude: location.latitude, longitude: location.longitude },
    parking_type: 'ON_STREET',
    evses: location.evses.map((evse) => ({
      uid: evse.uid,
      evse_id: evse.evse_id,
      status: 'AVAILABLE',
      connectors: [
        {
          id: '1',
          standard: evse.standard,
          format: evse.format,
          power_type: evse.power_type,
          max_voltage: evse.power_type === 'DC' ? 920 : 400,
          max_amperage: evse.power_type === 'DC' ? 200 : 16,
          max_electric_power: evse.max_power_kw * 1000,
          tariff_ids: [evse.tariff_id],
          last_updated: TARIFF_PUBLISHED_AT,
        },
      ],
      last_updated: TARIFF_PUBLISHED_AT,
    })),
    operator: { name: location.cpo.name },
    time_zone: location.time_zone,
    last_updated: TARIFF_PUBLISHED_AT,
  };
}
