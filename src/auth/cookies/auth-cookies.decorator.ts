import { Reflector } from '@nestjs/core';

/** In cookie mode: `set` the token cookies from the token response, or `clear` them. */
export const AuthCookies = Reflector.createDecorator<'set' | 'clear'>();
