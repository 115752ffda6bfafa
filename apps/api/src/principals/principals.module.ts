import { Module } from '@nestjs/common';
import { PrincipalsController } from './principals.controller.js';
import { RegisterPrincipalHandler } from './register-principal.handler.js';

@Module({ controllers: [PrincipalsController], providers: [RegisterPrincipalHandler] })
export class PrincipalsModule {}
