import * as T from './tariff-versions.decider.js';

const tariff = (price: number, last_updated: string, extra: Record<string, unknown> = {}) => ({
  id: 'T1',
  currency: 'EUR',
  elements: [{ price_components: [{ type: 'ENERGY', price, step_size: 1 }] }],
  last_updated,
  ...extra,
});
const publish = (t: Record<string, unknown>): T.PublishTariff => ({
  type: 'PublishTariff',
  data: { tariff: t },
});
function run(commands: T.TariffCommand[]): T.TariffState {
  return commands.reduce(
    (state, command) => T.decide(command, state).reduce(T.evolve, state),
    T.initialState(),
  );
}

describe('TariffVersions decider', () => {
  it('given nothing, when publishing, then version 1 valid since ever (retroactive first version)', () => {
    const events = T.decide(publish(tariff(0.25, '2026-01-01T00:00:00Z')), T.initialState());
    expect(events).toEqual([
      {
        type: 'TariffVersionPublished',
        data: expect.objectContaining({ version: 1, valid_from: null, valid_until: null }),
      },
    ]);
  });

  it('given a version, when publishing the same tariff, then nothing', () => {
    const state = run([publish(tariff(0.25, '2026-01-01T00:00:00Z'))]);
    expect(T.decide(publish(tariff(0.25, '2026-01-01T00:00:00Z')), state)).toEqual([]);
  });

  it('finds the version in force at any moment', () => {
    const state = run([
      publish(tariff(0.25, '2026-01-01T00:00:00Z')),
      publish(tariff(0.3, '2026-02-01T00:00:00Z')),
      publish(tariff(0.35, '2026-03-01T00:00:00Z', { start_date_time: '2026-04-01T00:00:00Z' })),
    ]);
    expect(T.tariffVersionAt(state, '2025-06-01T00:00:00Z')?.version).toBe(1);
    expect(T.tariffVersionAt(state, '2026-01-15T00:00:00Z')?.version).toBe(1);
    expect(T.tariffVersionAt(state, '2026-02-01T00:00:00Z')?.version).toBe(2);
    expect(T.tariffVersionAt(state, '2026-03-15T00:00:00+01:00')?.version).toBe(2);
    expect(T.tariffVersionAt(state, '2026-04-02T00:00:00Z')?.version).toBe(3);
  });

  it('honours end_date_time and withdrawal', () => {
    const state = run([
      publish(tariff(0.25, '2026-01-01T00:00:00Z', { end_date_time: '2026-06-01T00:00:00Z' })),
      { type: 'WithdrawTariff', data: { withdrawn_at: '2026-05-01T00:00:00Z' } },
    ]);
    expect(T.tariffVersionAt(state, '2026-04-30T00:00:00Z')?.version).toBe(1);
    expect(T.tariffVersionAt(state, '2026-05-02T00:00:00Z')).toBeNull();
    const ended = run([
      publish(tariff(0.25, '2026-01-01T00:00:00Z', { end_date_time: '2026-06-01T00:00:00Z' })),
    ]);
    expect(T.tariffVersionAt(ended, '2026-06-01T00:00:00Z')).toBeNull();
  });

  it('given a withdrawn tariff, when withdrawing again, then nothing; republishing makes a new version', () => {
    const state = run([
      publish(tariff(0.25, '2026-01-01T00:00:00Z')),
      { type: 'WithdrawTariff', data: { withdrawn_at: '2026-05-01T00:00:00Z' } },
    ]);
    expect(T.decide({ type: 'WithdrawTariff', data: { withdrawn_at: 'x' } }, state)).toEqual([]);
    const republished = run([
      publish(tariff(0.25, '2026-01-01T00:00:00Z')),
      { type: 'WithdrawTariff', data: { withdrawn_at: '2026-05-01T00:00:00Z' } },
      publish(tariff(0.25, '2026-06-01T00:00:00Z')),
    ]);
    expect(T.tariffVersionAt(republished, '2026-06-02T00:00:00Z')?.version).toBe(2);
  });

  it('given nothing, when withdrawing, then tariff_unknown', () => {
    expect(() =>
      T.decide(
        { type: 'WithdrawTariff', data: { withdrawn_at: '2026-01-01T00:00:00Z' } },
        T.initialState(),
      ),
    ).toThrow(expect.objectContaining({ receiver_code: 'tariff_unknown' }));
  });
});
