import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { CdrLineageService } from './cdr-lineage.service.js';

/** The auditor's views: CDR lineage, the journal export. */
@Module({ controllers: [AuditController], providers: [CdrLineageService] })
export class AuditModule {}
