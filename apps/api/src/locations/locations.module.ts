import { Module } from '@nestjs/common';
import { OcpiObjectCommandsModule } from '../receiver/receive-ocpi-object.commands.js';
import { LocationsController } from './locations.controller.js';

@Module({ imports: [OcpiObjectCommandsModule], controllers: [LocationsController] })
export class LocationsModule {}
