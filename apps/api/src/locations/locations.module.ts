import { Module } from '@nestjs/common';
import { OcpiObjectCommandsModule } from '../receiver/receive-ocpi-object.commands.js';
import { Locations230Controller, LocationsController } from './locations.controller.js';

@Module({
  imports: [OcpiObjectCommandsModule],
  controllers: [LocationsController, Locations230Controller],
})
export class LocationsModule {}
