import { Global, Module, type DynamicModule } from '@nestjs/common';
import {
  AccessGuard,
  AdminGuard,
  AdminOrPartnerGuard,
  CallerAuthenticator,
  PartnerGuard,
} from '../auth/auth.guards.js';
import { PrincipalDirectory } from '../auth/principal-directory.service.js';
import { PartnerDirectory } from '../auth/partner-directory.service.js';
import { API_CONFIG, type ApiConfig } from './api-config.js';
import { EventStoreCloser, eventStoreProvider, EVENT_STORE } from './event-store.provider.js';
import { JsonLogger } from './json-logger.js';
import { LedgerMetrics } from '../metrics/ledger-metrics.js';

/** Process-wide services: configuration, the event store, logging and auth. */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: ApiConfig, logger: JsonLogger): DynamicModule {
    const exported = [
      API_CONFIG,
      EVENT_STORE,
      JsonLogger,
      LedgerMetrics,
      PartnerDirectory,
      PrincipalDirectory,
      CallerAuthenticator,
      AdminGuard,
      PartnerGuard,
      AdminOrPartnerGuard,
      AccessGuard,
    ];
    return {
      module: InfrastructureModule,
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: JsonLogger, useValue: logger },
        { provide: LedgerMetrics, useValue: new LedgerMetrics() },
        eventStoreProvider,
        EventStoreCloser,
        PartnerDirectory,
        PrincipalDirectory,
        CallerAuthenticator,
        AdminGuard,
        PartnerGuard,
        AdminOrPartnerGuard,
        AccessGuard,
      ],
      exports: exported,
    };
  }
}
