/** The part of newman's Node API (a CommonJS module without bundled types) that the tests use. */
declare module 'newman' {
  import type { EventEmitter } from 'node:events';

  namespace newman {
    interface RunOptions {
      /** A Postman v2.1 collection, or the path of its file. */
      collection: string | object;
      /** A Postman environment, or the path of its file. */
      environment?: string | object;
      /** Overrides of environment variables. */
      envVar?: Array<{ key: string; value: string }>;
      /** Built-in reporter names (cli, json, junit, progress); none when left out. */
      reporters?: string | string[];
      /** Milliseconds before a request is given up. */
      timeoutRequest?: number;
    }

    interface RunStat {
      total: number;
      failed: number;
      pending: number;
    }

    interface RunFailure {
      error: { name: string; message: string; test?: string };
      /** Where it happened, e.g. `assertion:1 in test-script` or `request`. */
      at: string;
      /** The collection item (request) it belongs to. */
      source?: { name: string };
    }

    interface RunSummary {
      run: {
        stats: Record<
          | 'iterations'
          | 'items'
          | 'scripts'
          | 'prerequests'
          | 'requests'
          | 'tests'
          | 'assertions'
          | 'testScripts'
          | 'prerequestScripts',
          RunStat
        >;
        failures: RunFailure[];
      };
    }

    function run(
      options: RunOptions,
      callback: (error: Error | null, summary: RunSummary) => void,
    ): EventEmitter;
  }

  export = newman;
}
