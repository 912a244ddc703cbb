import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const COLLECTION_FILE = fileURLToPath(
  new URL('../../postman/auth-service.postman_collection.json', import.meta.url),
);
export const ENVIRONMENT_FILE = fileURLToPath(
  new URL('../../postman/auth-service.postman_environment.json', import.meta.url),
);

/** The parts of a Postman v2.1 collection the checks read. */
interface PostmanItem {
  name: string;
  item?: PostmanItem[];
  request?: {
    method: string;
    /** A string, or the object form Postman writes when it exports (its `raw` is the string). */
    url: string | { raw: string };
  };
}

export interface PostmanCollection {
  item: PostmanItem[];
  variable?: Array<{ key: string }>;
}

export interface PostmanEnvironment {
  values: Array<{ key: string; value: string }>;
}

/** One request of the collection: its folder path and name, method, and URL path. */
export interface CollectionRequest {
  name: string;
  method: string;
  /** The URL after `{{baseUrl}}`, without the query string, e.g. `/api/users/{{userId}}`. */
  path: string;
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function collectionRequests(
  items: PostmanItem[],
  folder: string[] = [],
): CollectionRequest[] {
  return items.flatMap((item) => {
    if (item.item) return collectionRequests(item.item, [...folder, item.name]);
    if (!item.request) return [];
    const url = typeof item.request.url === 'string' ? item.request.url : item.request.url.raw;
    return [
      {
        name: [...folder, item.name].join(' / '),
        method: item.request.method.toLowerCase(),
        path: url.replace(/^\{\{baseUrl\}\}/, '').replace(/\?.*$/, ''),
      },
    ];
  });
}

/**
 * The OpenAPI path template (e.g. `/api/users/{id}`) a request path matches: a `{param}`
 * segment takes any one segment (`{{userId}}` or a literal like `not-a-uuid`), other segments
 * must be equal. Where several match (`/api/users/me` and `/api/users/{id}`), the one with the
 * most literal segments wins, as in the router.
 */
export function matchTemplate(path: string, templates: string[]): string | undefined {
  const segments = path.split('/');
  let best: { template: string; literals: number } | undefined;
  for (const template of templates) {
    const parts = template.split('/');
    if (parts.length !== segments.length) continue;
    let literals = 0;
    const matches = parts.every((part, index) => {
      if (/^\{[^}]+\}$/.test(part)) return segments[index] !== '';
      literals += 1;
      return part === segments[index];
    });
    if (matches && (!best || literals > best.literals)) best = { template, literals };
  }
  return best?.template;
}

/** Every `{{name}}` the collection refers to, in its URLs, bodies and scripts' `{{…}}` strings. */
export function referencedVariables(collectionText: string): string[] {
  const names = [...collectionText.matchAll(/\{\{([A-Za-z0-9_]+)\}\}/g)].map((match) => match[1]);
  return [...new Set(names)].sort();
}
