import { Reflector } from '@nestjs/core';

/** Opts a route out of the global access-token guard. */
export const Public = Reflector.createDecorator<true>({ transform: () => true });
