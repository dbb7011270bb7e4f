import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './openapi';
import { ROUTES } from './routes';

const document = buildOpenApiDocument({ version: '0.0.0' }) as {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; parameters?: { name: string; in: string }[] }>>;
  components: { schemas: Record<string, unknown> };
};

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else refsIn(item, found);
    }
  }
  return found;
}

describe('buildOpenApiDocument', () => {
  it('is OpenAPI 3.1 with one operation per route and unique operation ids', () => {
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => `${method} ${path} ${op.operationId}`),
    );
    expect(operations.sort()).toEqual(ROUTES.map((route) => `${route.method} ${route.path} ${route.operationId}`).sort());
    expect(new Set(ROUTES.map((route) => route.operationId)).size).toBe(ROUTES.length);
  });

  it('resolves every $ref to a component', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas, ref).toHaveProperty([ref.slice('#/components/schemas/'.length)]);
    }
  });

  it('declares path parameters for every templated segment', () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      for (const op of Object.values(methods)) {
        expect((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name)).toEqual(templated);
      }
    }
  });
});
