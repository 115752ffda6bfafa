/**
 * `bin/ledger price` end to end: spawns the built command (npm run build / npm ci's prepare step)
 * with tariff and CDR files and checks stdout, stderr and the exit code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ledger = join(root, 'bin', 'ledger');
const examples = join(root, 'libs', 'tariffs', 'src', 'test-support', 'ocpi-examples');
const dir = mkdtempSync(join(tmpdir(), 'ledger-price-'));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function run(...args: string[]) {
  return spawnSync(process.execPath, [ledger, 'price', ...args], { encoding: 'utf8' });
}

const complexTariff = file(
  'complex.json',
  readFileSync(join(examples, 'tariff_4_complex.json'), 'utf8'),
);
const saturdayCdr = file('saturday.json', {
  id: 'CDR-1',
  start_date_time: '2024-06-15T13:30:00Z',
  end_date_time: '2024-06-15T16:35:00Z',
  charging_periods: [
    {
      start_date_time: '2024-06-15T13:30:00Z',
      dimensions: [
        { type: 'TIME', volume: 1.9 },
        { type: 'MIN_CURRENT', volume: 43 },
      ],
    },
    {
      start_date_time: '2024-06-15T15:24:00Z',
      dimensions: [{ type: 'PARKING_TIME', volume: 1.1833333333333333 }],
    },
  ],
});

describe('bin/ledger price', () => {
  it('prints one JSON object with the INTERFACES.md shape', () => {
    const result = run('--tariff', complexTariff, '--cdr', saturdayCdr);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(output).toMatchObject({
      currency: 'EUR',
      total_cost: { excl_vat: '12.375', incl_vat: '13.975' },
      total_fixed_cost: { excl_vat: '2.5', incl_vat: '2.875' },
      total_energy_cost: null,
      total_time_cost: { excl_vat: '2.375', incl_vat: '2.85' },
      total_parking_cost: { excl_vat: '7.5', incl_vat: '8.25' },
      total_reservation_cost: null,
      total_energy: '0',
    });
    expect(Number(output['total_time'])).toBeCloseTo(3.0833, 4);
    expect(Number(output['total_parking_time'])).toBeCloseTo(1.1833, 4);
    expect(output['breakdown']).toHaveLength(3);
    expect(output['policy']).toMatchObject({ time_zone: 'UTC', period_split: 'PRO_RATA' });
  });

  it('evaluates restrictions in --time-zone', () => {
    // 07:00Z-09:00Z is 09:00-11:00 in Berlin (summer): one hour inside the Saturday
    // 10:00-17:00 parking window (EUR 6/h), none in UTC.
    const cdr = file('berlin.json', {
      start_date_time: '2024-06-15T07:00:00Z',
      end_date_time: '2024-06-15T09:00:00Z',
      charging_periods: [
        {
          start_date_time: '2024-06-15T07:00:00Z',
          dimensions: [{ type: 'PARKING_TIME', volume: 2 }],
        },
      ],
    });
    const utc = JSON.parse(run('--tariff', complexTariff, '--cdr', cdr).stdout);
    const berlin = JSON.parse(
      run('--tariff', complexTariff, '--cdr', cdr, '--time-zone', 'Europe/Berlin').stdout,
    );
    expect(utc.total_parking_cost).toBeNull();
    expect(berlin.total_parking_cost).toEqual({ excl_vat: '6', incl_vat: '6.6' });
    expect(berlin.policy.time_zone).toBe('Europe/Berlin');
  });

  it('takes the period-split policy: PERIOD_START prices a period at the rate of its start', () => {
    // 09:00-11:00 Berlin crosses the 10:00 start of the parking window: pro rata one hour is
    // priced (EUR 6), at the period start (09:00, outside the window) none.
    const cdr = file('split.json', {
      start_date_time: '2024-06-15T07:00:00Z',
      end_date_time: '2024-06-15T09:00:00Z',
      charging_periods: [
        {
          start_date_time: '2024-06-15T07:00:00Z',
          dimensions: [{ type: 'PARKING_TIME', volume: 2 }],
        },
      ],
    });
    const berlin = ['--tariff', complexTariff, '--cdr', cdr, '--time-zone', 'Europe/Berlin'];
    const at_start = run(...berlin, '--period-split', 'PERIOD_START');
    expect(at_start.status).toBe(0);
    const output = JSON.parse(at_start.stdout);
    expect(output.total_parking_cost).toBeNull();
    expect(output.policy.period_split).toBe('PERIOD_START');
    const bad = run(...berlin, '--period-split', 'HALF');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--period-split: must be one of PRO_RATA, PERIOD_START');
  });

  it('prices an OCPI 2.3.0 tariff and an expired reservation', () => {
    const tariff = file('tariff-230.json', {
      currency: 'EUR',
      tax_included: 'NO',
      max_price: { before_taxes: 5, after_taxes: 6 },
      elements: [
        {
          price_components: [{ type: 'FLAT', price: 4, vat: 20, step_size: 1 }],
          restrictions: { reservation: 'RESERVATION_EXPIRES' },
        },
        {
          price_components: [{ type: 'TIME', price: 2, vat: 20, step_size: 600 }],
          restrictions: { reservation: 'RESERVATION' },
        },
      ],
    });
    const cdr = file('expired.json', {
      start_date_time: '2024-06-15T10:00:00Z',
      end_date_time: '2024-06-15T11:00:00Z',
      charging_periods: [
        {
          start_date_time: '2024-06-15T10:00:00Z',
          dimensions: [{ type: 'RESERVATION_TIME', volume: 1 }],
        },
      ],
    });
    const result = run('--tariff', tariff, '--cdr', cdr);
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.total_reservation_cost).toEqual({ excl_vat: '6', incl_vat: '7.2' });
    expect(output.total_cost).toEqual({ excl_vat: '5', incl_vat: '6' });
    expect(output.total_fixed_cost).toBeNull();
  });

  it.each([
    ['an unreadable file', ['--tariff', join(dir, 'missing.json')], '--tariff', 'cannot read'],
    [
      'broken JSON',
      ['--tariff', file('broken.json', '{"currency": ')],
      '--tariff',
      'not valid JSON',
    ],
    [
      'a non-numeric price',
      [
        '--tariff',
        file('bad-price.json', {
          currency: 'EUR',
          elements: [{ price_components: [{ type: 'TIME', price: 'two', step_size: 1 }] }],
        }),
      ],
      '$.elements[0].price_components[0].price',
      'must be a decimal number',
    ],
    [
      'an unknown dimension type',
      [
        '--cdr',
        file('bad-dimension.json', {
          start_date_time: '2024-06-15T13:30:00Z',
          end_date_time: '2024-06-15T16:35:00Z',
          charging_periods: [
            { start_date_time: '2024-06-15T13:30:00Z', dimensions: [{ type: 'FUEL', volume: 1 }] },
          ],
        }),
      ],
      '$.charging_periods[0].dimensions[0].type',
      'must be one of',
    ],
    [
      'periods out of order',
      [
        '--cdr',
        file('order.json', {
          start_date_time: '2024-06-15T13:30:00Z',
          end_date_time: '2024-06-15T16:35:00Z',
          charging_periods: [
            { start_date_time: '2024-06-15T14:30:00Z', dimensions: [{ type: 'TIME', volume: 1 }] },
            { start_date_time: '2024-06-15T14:00:00Z', dimensions: [{ type: 'TIME', volume: 1 }] },
          ],
        }),
      ],
      '$.charging_periods[1].start_date_time',
      'chronological order',
    ],
    [
      'end before start',
      [
        '--cdr',
        file('end.json', {
          start_date_time: '2024-06-15T13:30:00Z',
          end_date_time: '2024-06-15T12:35:00Z',
          charging_periods: [
            { start_date_time: '2024-06-15T13:30:00Z', dimensions: [{ type: 'TIME', volume: 1 }] },
          ],
        }),
      ],
      '$.end_date_time',
      'must not be before start_date_time',
    ],
    ['an unknown time zone', ['--time-zone', 'Mars/Olympus'], '--time-zone', 'unknown IANA'],
  ])('exits 2 naming the field for %s', (_name, override, path, reason) => {
    const args: Record<string, string> = { '--tariff': complexTariff, '--cdr': saturdayCdr };
    for (let i = 0; i < override.length; i += 2) {
      args[override[i] as string] = override[i + 1] as string;
    }
    const result = run(...Object.entries(args).flat());
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(path);
    expect(result.stderr).toContain(reason);
  });
});
