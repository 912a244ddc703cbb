/** The part of a Swagger UI "Try it out" response that the interceptor reads. */
interface SwaggerUiResponse {
  url: string;
  ok: boolean;
  body?: { access_token?: unknown };
}

interface SwaggerUiWindow {
  ui: { preauthorizeApiKey(schemeName: string, value: string): void };
  location: { href: string };
}

/**
 * Swagger UI's `responseInterceptor`: the access token of a successful login, register or
 * refresh in "Try it out" is authorized for the bearer scheme, so the next call just works.
 *
 * It runs in the browser. `@nestjs/swagger` writes its source text into `swagger-ui-init.js`,
 * a script file served from this origin (the page's CSP allows no inline script), so it must
 * stand alone: no imports, no outer names (`'bearer'` is `BEARER_SCHEME` of `openapi.ts`).
 */
export function authorizeIssuedAccessToken(response: SwaggerUiResponse): SwaggerUiResponse {
  const page = globalThis as unknown as SwaggerUiWindow;
  const path = new URL(response.url, page.location.href).pathname;
  const token = response.body?.access_token;
  if (
    response.ok &&
    /\/api\/auth\/(login|register|refresh)$/.test(path) &&
    typeof token === 'string'
  ) {
    page.ui.preauthorizeApiKey('bearer', token);
  }
  return response;
}
