import { Module } from '@nestjs/common';
import { OcpiObjectCommandsModule } from '../receiver/receive-ocpi-object.commands.js';
import { SessionsController } from './sessions.controller.js';

@Module({ imports: [OcpiObjectCommandsModule], controllers: [SessionsController] })
export class SessionsModule {}
