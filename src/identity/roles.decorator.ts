import { Reflector } from '@nestjs/core';
import type { Role } from './role.js';

/** `@Roles('admin')`: the caller must hold this role. */
export const Roles = Reflector.createDecorator<Role>();
