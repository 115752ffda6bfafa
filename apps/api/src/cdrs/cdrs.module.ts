import { Module } from '@nestjs/common';
import { CdrContextLookup } from './cdr-context.service.js';
import { Cdrs230Controller, CdrsController } from './cdrs.controller.js';
import { GetCdrHandler } from './get-cdr.query.js';
import { HeldCdrDecisions } from './held-cdr-decision.js';
import { LedgerCdrsController } from './ledger-cdrs.controller.js';
import { PostCdrHandler } from './post-cdr.handler.js';
import { ReassessCdrHandler } from './reassess-cdr.handler.js';
import { ResolveCdrHandler } from './resolve-cdr.handler.js';
import { SessionCdrIndex } from './session-cdr-index.js';

@Module({
  controllers: [CdrsController, Cdrs230Controller, LedgerCdrsController],
  providers: [
    CdrContextLookup,
    SessionCdrIndex,
    HeldCdrDecisions,
    PostCdrHandler,
    GetCdrHandler,
    ReassessCdrHandler,
    ResolveCdrHandler,
  ],
  exports: [CdrContextLookup, SessionCdrIndex],
})
export class CdrsModule {}
