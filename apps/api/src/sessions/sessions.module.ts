import { Module } from '@nestjs/common';
import { PatchSessionHandler, PutSessionHandler } from './session.commands.js';
import { SessionsController } from './sessions.controller.js';

@Module({ controllers: [SessionsController], providers: [PutSessionHandler, PatchSessionHandler] })
export class SessionsModule {}
