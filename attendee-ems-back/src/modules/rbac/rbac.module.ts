import { Module } from '@nestjs/common';
import { PermissionsController } from './permissions.controller.js';
import { RolesController } from './roles.controller.js';
import { RolesRepository } from './roles.repository.js';
import { RolesService } from './roles.service.js';

@Module({ controllers: [PermissionsController, RolesController], providers: [RolesRepository, RolesService], exports: [RolesService] })
export class RbacModule {}
