import { Module } from '@nestjs/common';
import { PatchLocationHandler, PutLocationHandler } from './location.commands.js';
import { LocationsController } from './locations.controller.js';

@Module({
  controllers: [LocationsController],
  providers: [PutLocationHandler, PatchLocationHandler],
})
export class LocationsModule {}
