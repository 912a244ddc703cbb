/** The parts of the served OpenAPI document that the specs read. */

export type Method = 'get' | 'post' | 'patch' | 'delete';
export type Schema = Record<string, unknown>;

export interface MediaType {
  schema?: Schema;
  examples?: Record<string, { value: unknown }>;
}

export interface ResponseObject {
  description?: string;
  content?: Record<string, MediaType>;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: Schema;
}

export interface Operation {
  operationId?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: ParameterObject[];
  requestBody?: { content?: Record<string, MediaType> };
  responses?: Record<string, ResponseObject>;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Partial<Record<Method, Operation>>>;
  security?: Array<Record<string, string[]>>;
  components?: {
    schemas?: Record<string, Schema>;
    securitySchemes?: Record<string, { type: string; scheme?: string; description?: string }>;
  };
}

export interface DocumentedOperation {
  method: Method;
  path: string;
  operation: Operation;
}

export const METHODS: Method[] = ['get', 'post', 'patch', 'delete'];
export const PROBLEM_JSON = 'application/problem+json';

export function routeName(route: { method: string; path: string }): string {
  return `${route.method.toUpperCase()} ${route.path}`;
}

/** Every operation of the document under `/api`. */
export function apiOperations(document: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api/') || path === '/api')
    .flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({
        method,
        path,
        operation: item[method] as Operation,
      })),
    );
}

export function bearerSchemeNames(document: OpenApiDocument): string[] {
  return Object.entries(document.components?.securitySchemes ?? {})
    .filter(([, scheme]) => scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer')
    .map(([name]) => name);
}

export function requiresBearer(document: OpenApiDocument, operation: Operation): boolean {
  const requirements = operation.security ?? document.security ?? [];
  const bearer = bearerSchemeNames(document);
  return requirements.some((requirement) =>
    Object.keys(requirement).some((name) => bearer.includes(name)),
  );
}

/** The error codes an operation documents for one status (the names of its problem examples). */
export function documentedCodes(operation: Operation, status: number): string[] {
  return Object.keys(
    operation.responses?.[String(status)]?.content?.[PROBLEM_JSON]?.examples ?? {},
  );
}

/** A component schema by name, with its properties. */
export function componentSchema(
  document: OpenApiDocument,
  name: string,
): { properties: Record<string, Schema>; required?: string[] } {
  const schema = document.components?.schemas?.[name];
  if (!schema) throw new Error(`the document has no schema ${name}`);
  return schema as { properties: Record<string, Schema>; required?: string[] };
}

/**
 * The request body Swagger UI's "Try it out" fills in for an operation: each property's
 * `example`. Only `$ref` bodies are followed, which is how every body here is documented.
 */
export function exampleBody(
  document: OpenApiDocument,
  operation: Operation,
): Record<string, unknown> {
  const ref = operation.requestBody?.content?.['application/json']?.schema?.$ref;
  if (typeof ref !== 'string') throw new Error('the operation documents no JSON body schema');
  const { properties } = componentSchema(document, ref.replace('#/components/schemas/', ''));
  return Object.fromEntries(
    Object.entries(properties)
      .filter(([, property]) => property.example !== undefined)
      .map(([name, property]) => [name, property.example]),
  );
}
