import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { type LogConfig, logConfig } from '../config/log.config.js';
import { loggerParams } from './logger-options.js';

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [logConfig.KEY],
      useFactory: (config: LogConfig) => loggerParams(config),
    }),
  ],
})
export class LoggingModule {}
