import { AdvancedConsoleLogger, type LoggerOptions, type QueryRunner } from 'typeorm';

/**
 * TypeORM's console logger without query parameters: they hold password hashes and token
 * hashes, which never belong in a log. It reads the `logging` option live, because the TypeORM
 * CLI changes it after the DataSource is created (to show migrations and their queries).
 */
export class QueryLogger extends AdvancedConsoleLogger {
  constructor(private readonly currentLogging: () => LoggerOptions | undefined) {
    super(currentLogging());
  }

  protected override isLogEnabledFor(
    type?: Parameters<AdvancedConsoleLogger['log']>[0] | string,
  ): boolean {
    this.options = this.currentLogging();
    return super.isLogEnabledFor(type as never);
  }

  override logQuery(query: string, _parameters?: unknown[], queryRunner?: QueryRunner): void {
    super.logQuery(query, undefined, queryRunner);
  }

  override logQueryError(
    error: string,
    query: string,
    _parameters?: unknown[],
    queryRunner?: QueryRunner,
  ): void {
    super.logQueryError(error, query, undefined, queryRunner);
  }

  override logQuerySlow(
    time: number,
    query: string,
    _parameters?: unknown[],
    queryRunner?: QueryRunner,
  ): void {
    super.logQuerySlow(time, query, undefined, queryRunner);
  }
}
