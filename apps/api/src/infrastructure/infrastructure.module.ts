import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AdminGuard, AdminOrPartnerGuard, PartnerGuard } from '../auth/auth.guards.js';
import { PartnerDirectory } from '../auth/partner-directory.service.js';
import { API_CONFIG, type ApiConfig } from './api-config.js';
import { EventStoreCloser, eventStoreProvider, EVENT_STORE } from './event-store.provider.js';
import { JsonLogger } from './json-logger.js';

/** Process-wide services: configuration, the event store, logging and auth. */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: ApiConfig, logger: JsonLogger): DynamicModule {
    const exported = [
      API_CONFIG,
      EVENT_STORE,
      JsonLogger,
      PartnerDirectory,
      AdminGuard,
      PartnerGuard,
      AdminOrPartnerGuard,
    ];
    return {
      module: InfrastructureModule,
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: JsonLogger, useValue: logger },
        eventStoreProvider,
        EventStoreCloser,
        PartnerDirectory,
        AdminGuard,
        PartnerGuard,
        AdminOrPartnerGuard,
      ],
      exports: exported,
    };
  }
}
