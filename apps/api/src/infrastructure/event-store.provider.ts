import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import { createEventStore } from '../../../../libs/event-store/src/create-event-store.js';
import { API_CONFIG, type ApiConfig } from './api-config.js';

/** Injection token of the one EventStore of the process. */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** The store client is created once, here, and closed when the application shuts down. */
export const eventStoreProvider: Provider = {
  provide: EVENT_STORE,
  inject: [API_CONFIG],
  useFactory: async (config: ApiConfig): Promise<EventStore> => {
    const connection = config.event_store === 'sqlite' ? undefined : config.event_store;
    return createEventStore({ connection, data_dir: config.data_dir });
  },
};

@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
