import { Module } from '@nestjs/common';
import {
  SCHEDULED_CLOSE_CONFIG,
  SCHEDULER_CLOCK,
  scheduledCloseConfigFromEnv,
  systemClock,
} from './scheduled-close.config.js';
import { ScheduledClose } from './scheduled-close.service.js';

/** The opt-in scheduled monthly close (off unless `LEDGER_SCHEDULED_CLOSE=monthly`). */
@Module({
  providers: [
    { provide: SCHEDULED_CLOSE_CONFIG, useFactory: () => scheduledCloseConfigFromEnv() },
    { provide: SCHEDULER_CLOCK, useValue: systemClock },
    ScheduledClose,
  ],
  exports: [ScheduledClose],
})
export class ScheduledCloseModule {}
