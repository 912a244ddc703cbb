import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type DatabaseConfig, databaseConfig } from '../config/database.config.js';
import { dataSourceOptions } from './data-source.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (target: DatabaseConfig) => ({
        ...dataSourceOptions(target),
        migrationsRun: true,
      }),
    }),
  ],
})
export class DatabaseModule {}
