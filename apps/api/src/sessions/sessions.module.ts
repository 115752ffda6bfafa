import { Module } from '@nestjs/common';
import { OcpiObjectCommandsModule } from '../receiver/receive-ocpi-object.commands.js';
import { Sessions230Controller, SessionsController } from './sessions.controller.js';

@Module({
  imports: [OcpiObjectCommandsModule],
  controllers: [SessionsController, Sessions230Controller],
})
export class SessionsModule {}
