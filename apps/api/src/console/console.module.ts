import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller.js';

/** The web console's static files at `/console` (the page itself calls the JSON API). */
@Module({ controllers: [ConsoleController] })
export class ConsoleModule {}
