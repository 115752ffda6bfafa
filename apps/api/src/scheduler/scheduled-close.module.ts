import { Module } from '@nestjs/common';
import {
  SCHEDULED_CLOSE_CONFIG,
  SCHEDULER_CLOCK,
  scheduledCloseConfigFromEnv,
  systemClock,
} from './scheduled-close.config.js';
import { ScheduledClose } from './scheduled-close.service.js';
import {
  SCHEDULED_SEAL_CONFIG,
  ScheduledSeal,
  scheduledSealConfigFromEnv,
} from './scheduled-seal.service.js';

/**
 * The opt-in schedules: the monthly close (off unless `LEDGER_SCHEDULED_CLOSE=monthly`) and the
 * daily seal (off unless `LEDGER_SCHEDULED_SEAL=daily`).
 */
@Module({
  providers: [
    { provide: SCHEDULED_CLOSE_CONFIG, useFactory: () => scheduledCloseConfigFromEnv() },
    { provide: SCHEDULED_SEAL_CONFIG, useFactory: () => scheduledSealConfigFromEnv() },
    { provide: SCHEDULER_CLOCK, useValue: systemClock },
    ScheduledClose,
    ScheduledSeal,
  ],
  exports: [ScheduledClose, ScheduledSeal],
})
export class ScheduledCloseModule {}
