import { Module } from '@nestjs/common';
import { RbacModule } from '../rbac/rbac.module.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Module({ imports: [RbacModule], controllers: [UsersController], providers: [UsersRepository, UsersService] })
export class UsersModule {}
