import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Beside this module in the sources and, copied by `nest build`, in `dist/`. */
const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

/** Where the page's script and style are served (`security-headers.ts` gives them the page CSP). */
const PAGE_ASSETS_PREFIX = '/page/';

/**
 * The browser page: its HTML at `/`, its script and style under `/page/`. Plain Fastify routes,
 * like Swagger UI's: outside the `/api` prefix and Nest's guards, since the page is public and
 * holds no data. Only the files present at start-up are routes (no wildcard), so any other path
 * falls through to the usual 404 problem document.
 */
export async function registerPage(app: NestFastifyApplication): Promise<void> {
  const html = readFileSync(`${PUBLIC_DIR}index.html`);
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: PAGE_ASSETS_PREFIX,
    wildcard: false,
    index: false,
    globIgnore: ['index.html'],
    decorateReply: false,
  });
  app
    .getHttpAdapter()
    .getInstance()
    .get('/', (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(html),
    );
}
