import { Reflector } from '@nestjs/core';

/** The route needs a token from a password login, not one obtained by refreshing. */
export const RequireFreshToken = Reflector.createDecorator<true>({ transform: () => true });
