import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AgreementsModule } from './agreements/agreements.module.js';
import { AuditModule } from './audit/audit.module.js';
import { BalancesModule } from './balances/balances.module.js';
import { CdrsModule } from './cdrs/cdrs.module.js';
import { CredentialsModule } from './credentials/credentials.module.js';
import { ConsoleModule } from './console/console.module.js';
import { DisputesModule } from './disputes/disputes.module.js';
import { DriverInvoicesModule } from './driver-invoices/driver-invoices.module.js';
import { ExceptionsModule } from './exceptions/exceptions.module.js';
import { HealthController } from './health/health.controller.js';
import type { ApiConfig } from './infrastructure/api-config.js';
import { InfrastructureModule } from './infrastructure/infrastructure.module.js';
import { InvoicesModule } from './invoices/invoices.module.js';
import type { JsonLogger } from './infrastructure/json-logger.js';
import { LocationsModule } from './locations/locations.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { PartnersModule } from './partners/partners.module.js';
import { PaymentsModule } from './payments/payments.module.js';
import { PrincipalsModule } from './principals/principals.module.js';
import { ProjectionsModule } from './projections/projections.module.js';
import { ReceiverQueriesModule } from './receiver/get-ocpi-object.query.js';
import { ScheduledCloseModule } from './scheduler/scheduled-close.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { StatementsModule } from './statements/statements.module.js';
import { TariffsModule } from './tariffs/tariffs.module.js';

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        InfrastructureModule.forRoot(config, logger),
        PartnersModule,
        PrincipalsModule,
        AgreementsModule,
        LocationsModule,
        TariffsModule,
        SessionsModule,
        CdrsModule,
        ReceiverQueriesModule,
        ProjectionsModule,
        BalancesModule,
        PaymentsModule,
        StatementsModule,
        InvoicesModule,
        DisputesModule,
        DriverInvoicesModule,
        ScheduledCloseModule,
        AuditModule,
        ExceptionsModule,
        MetricsModule,
        CredentialsModule,
        ConsoleModule,
      ],
      controllers: [HealthController],
    };
  }
}
