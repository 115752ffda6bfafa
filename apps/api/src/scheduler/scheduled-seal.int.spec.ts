import { type EventStore, verifyAgainstSeal } from '#event-store';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { ApiHarness } from '../test-support/api-harness.js';
import { ScheduledSeal, scheduledSealConfigFromEnv } from './scheduled-seal.service.js';

describe('scheduled daily seal (LEDGER_SCHEDULED_SEAL=daily)', () => {
  it('is off unless asked for, and refuses an unknown mode or interval', () => {
    expect(scheduledSealConfigFromEnv({}).mode).toBe('off');
    expect(scheduledSealConfigFromEnv({ LEDGER_SCHEDULED_SEAL: 'daily' }).mode).toBe('daily');
    expect(() => scheduledSealConfigFromEnv({ LEDGER_SCHEDULED_SEAL: 'hourly' })).toThrow(
      /LEDGER_SCHEDULED_SEAL/,
    );
    expect(() => scheduledSealConfigFromEnv({ LEDGER_SCHEDULED_SEAL_INTERVAL_MS: '5' })).toThrow(
      /LEDGER_SCHEDULED_SEAL_INTERVAL_MS/,
    );
  });

  it('seals once per UTC day, as the scheduler, and the seal verifies', async () => {
    const api = await ApiHarness.start();
    try {
      await api.registerSettlement();
      const seals = api.app.get(ScheduledSeal);
      const first = await seals.tick('2026-12-03T00:05:00.000Z');
      expect(first).not.toBeNull();
      expect(await seals.tick('2026-12-03T23:55:00.000Z')).toBeNull();
      const next_day = await seals.tick('2026-12-04T00:05:00.000Z');
      expect(next_day).not.toBeNull();
      expect(BigInt(next_day!.position)).toBeGreaterThan(BigInt(first!.position));
      const store = api.app.get<EventStore>(EVENT_STORE);
      const events = [];
      for await (const event of store.readStream('ledger-seals')) events.push(event);
      expect(events.map((event) => event.metadata.principal)).toEqual(['scheduler', 'scheduler']);
      const verified = await verifyAgainstSeal(store, first!.root, null);
      expect(verified).toMatchObject({ intact: true, position: first!.position });
    } finally {
      await api.stop();
    }
  });
});
