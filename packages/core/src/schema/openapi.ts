import { z } from 'zod';
import { ROUTES, type RouteResponse, type RouteSpec } from './routes';

type JsonSchema = Record<string, unknown>;
type Io = 'input' | 'output';

/**
 * Builds the OpenAPI 3.1 document of protocol v1 from the route table and the zod
 * schemas. Schemas that carry a `meta({ id })` become components; a schema whose request
 * (input) shape differs from its response (output) shape gets an `…Input` component.
 */
export function buildOpenApiDocument(info: { version: string }): JsonSchema {
  const components = new ComponentSet();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    (paths[route.path] ??= {})[route.method] = operation(route, components);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Fankui protocol v1',
      version: info.version,
      description:
        'The wire protocol between Fankui clients and a feedback backend. Generated from the zod schemas in @fankui/core; do not edit by hand.',
    },
    tags: [
      { name: 'meta', description: 'Health and discovery' },
      { name: 'submissions', description: 'What clients send: submissions, attachments, config' },
      { name: 'reporter', description: 'A reporter following their own tickets ("我的反馈")' },
      { name: 'admin', description: 'Operator routes' },
    ],
    paths,
    components: {
      schemas: components.all(),
      securitySchemes: {
        reporter: {
          type: 'http',
          scheme: 'bearer',
          description:
            'Either the reporter secret (64 hex characters the client creates on first run; the server keeps only its hash) or an integrator-signed user token.',
        },
        operator: { type: 'http', scheme: 'bearer', description: 'An operator token (created with `fankui-server create-operator-token`).' },
      },
    },
  };
}

function operation(route: RouteSpec, components: ComponentSet): JsonSchema {
  const op: JsonSchema = { operationId: route.operationId, summary: route.summary, tags: [route.tag] };
  const security = SECURITY[route.auth];
  if (security) op.security = security;
  const parameters = [
    ...objectParameters(route.params, 'path', components),
    ...objectParameters(route.query, 'query', components),
  ];
  if (parameters.length > 0) op.parameters = parameters;
  if (route.body) {
    op.requestBody =
      route.body instanceof z.ZodType
        ? { required: true, content: { 'application/json': { schema: components.schemaOf(route.body, 'input') } } }
        : {
            required: true,
            description: route.body.description,
            content: Object.fromEntries(route.body.contentTypes.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])),
          };
  }
  op.responses = Object.fromEntries(
    Object.entries(route.responses).map(([status, response]) => [status, responseObject(response, components)]),
  );
  return op;
}

const SECURITY: Record<RouteSpec['auth'], unknown[] | undefined> = {
  none: undefined,
  reporter: [{ reporter: [] }],
  operator: [{ operator: [] }],
  reporter_or_operator: [{ reporter: [] }, { operator: [] }],
};

function responseObject(response: RouteResponse, components: ComponentSet): JsonSchema {
  const result: JsonSchema = { description: response.description };
  if (response.schema) result.content = { 'application/json': { schema: components.schemaOf(response.schema, 'output') } };
  else if (response.contentType) result.content = { [response.contentType]: {} };
  if (response.headers) {
    result.headers = Object.fromEntries(
      Object.entries(response.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
    );
  }
  return result;
}

function objectParameters(schema: z.ZodType | undefined, location: 'path' | 'query', components: ComponentSet): JsonSchema[] {
  if (!schema) return [];
  const json = components.schemaOf(schema, 'input', { inline: true });
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/** Collects id-bearing schemas as components and rewrites zod's `$defs` refs to them. */
class ComponentSet {
  private readonly schemas = new Map<string, JsonSchema>();

  schemaOf(schema: z.ZodType, io: Io, options: { inline?: boolean } = {}): JsonSchema {
    const { $schema: _ignored, $defs = {}, ...root } = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      reused: 'inline',
    }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    const renames = this.nameDefinitions($defs, io);
    for (const [id, definition] of Object.entries($defs)) {
      this.schemas.set(renames.get(id)!, rewriteRefs(definition, renames) as JsonSchema);
    }
    // zod puts an id-bearing root into $defs and answers `{ $ref }`; parameters need the object.
    const rootRef = typeof root.$ref === 'string' && root.$ref.startsWith('#/$defs/') ? root.$ref.slice('#/$defs/'.length) : undefined;
    if (options.inline && rootRef) return rewriteRefs($defs[rootRef], renames) as JsonSchema;
    return rewriteRefs(root, renames) as JsonSchema;
  }

  all(): Record<string, JsonSchema> {
    return Object.fromEntries([...this.schemas.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  /**
   * Picks each definition's component name: its id, unless a different schema already
   * holds that id (the other io side), then `…Input`/`…Output`. Repeats until stable
   * because a rename changes the refs inside the definitions that point at it.
   */
  private nameDefinitions(definitions: Record<string, JsonSchema>, io: Io): Map<string, string> {
    const renames = new Map(Object.keys(definitions).map((id) => [id, id]));
    for (let changed = true; changed; ) {
      changed = false;
      for (const [id, definition] of Object.entries(definitions)) {
        const existing = this.schemas.get(id);
        const name = !existing || sameJson(existing, rewriteRefs(definition, renames)) ? id : `${id}${io === 'input' ? 'Input' : 'Output'}`;
        if (renames.get(id) !== name) {
          renames.set(id, name);
          changed = true;
        }
      }
    }
    return renames;
  }
}

function rewriteRefs(value: unknown, renames: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, renames));
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '$ref' && typeof item === 'string' && item.startsWith('#/$defs/')) {
      const id = item.slice('#/$defs/'.length);
      result[key] = `#/components/schemas/${renames.get(id) ?? id}`;
    } else {
      result[key] = rewriteRefs(item, renames);
    }
  }
  return result;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
