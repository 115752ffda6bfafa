import { Module } from '@nestjs/common';
import { ConnectionCallers } from './connection-callers.js';
import { CredentialsController, RegistrationTokenController } from './credentials.controller.js';
import { CredentialsExchange } from './credentials.service.js';
import { VersionsController } from './versions.controller.js';

/** OCPI versions, version details and the credentials module; registration tokens. */
@Module({
  controllers: [VersionsController, CredentialsController, RegistrationTokenController],
  providers: [ConnectionCallers, CredentialsExchange],
})
export class CredentialsModule {}
