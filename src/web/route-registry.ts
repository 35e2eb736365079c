/**
 * The API's routes and their description from one declaration: `api.route({...})` registers the Fastify route and
 * records what the OpenAPI document says about it, so `/openapi.json` cannot drift from what is served. Handlers get
 * params, query and body already parsed with the declared zod schemas (a 422 lists every bad field).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { z } from 'zod';
import { parseOr422 } from './http-errors';
import { ErrorBody, ValidationErrors } from './schemas/common';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ResponseSpec {
  description: string;
  /** A JSON answer's shape; omitted for answers without a JSON body. */
  schema?: z.ZodType;
  /** Non-JSON answers (a portal page, a report file). */
  contentType?: string;
}

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  /** Fastify syntax (`/api/plans/:code`). */
  url: string;
  summary: string;
  params?: P;
  query?: Q;
  /** Parsed before the handler; `bodyDoc` overrides what is documented (a multipart form, a raw text upload). */
  body?: B;
  bodyDoc?: { contentType: string; schema: z.ZodType };
  responses: Record<number, ResponseSpec>;
  preHandler?: RouteShorthandOptions['preHandler'];
  config?: RouteShorthandOptions['config'];
  handler: (
    input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> },
    req: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<unknown>;
}

interface Declared {
  method: Method;
  url: string;
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: { contentType: string; schema: z.ZodType };
  responses: Record<number, ResponseSpec>;
}

/** `/api/plans/:code` → `/api/plans/{code}`. */
export const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export class RouteRegistry {
  private readonly routes: Declared[] = [];

  constructor(private readonly app: FastifyInstance) {}

  route<P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown>(
    spec: RouteSpec<P, Q, B>,
  ): void {
    this.routes.push({
      method: spec.method,
      url: spec.url,
      summary: spec.summary,
      params: spec.params,
      query: spec.query,
      body: spec.bodyDoc ?? (spec.body ? { contentType: 'application/json', schema: spec.body } : undefined),
      responses: spec.responses,
    });
    this.app.route({
      method: spec.method,
      url: spec.url,
      preHandler: spec.preHandler,
      config: spec.config,
      handler: async (req, reply) => {
        // Parsed in the handler, after the preHandlers: an unauthenticated request is told 401, not 422.
        const input = {
          params: (spec.params ? parseOr422(spec.params, req.params) : req.params) as z.output<P>,
          query: (spec.query ? parseOr422(spec.query, req.query) : req.query) as z.output<Q>,
          body: (spec.body ? parseOr422(spec.body, req.body) : req.body) as z.output<B>,
        };
        return spec.handler(input, req, reply);
      },
    });
  }

  /** The OpenAPI 3.1 document of every route declared so far. */
  document(): Record<string, unknown> {
    const components: Record<string, unknown> = {};
    // Schemas named with `.meta({ id })` become shared components; zod points at them under `$defs`.
    const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
      const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
      const out = JSON.parse(JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/')) as Record<
        string,
        unknown
      >;
      const defs = out.$defs as Record<string, unknown> | undefined;
      if (defs) Object.assign(components, defs);
      const { $schema: _s, $defs: _d, ...rest } = out;
      return rest;
    };
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.routes) {
      const parameters: Record<string, unknown>[] = [];
      for (const [where, schema] of [
        ['path', r.params],
        ['query', r.query],
      ] as const) {
        if (!schema) continue;
        const s = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
        for (const [name, p] of Object.entries(s.properties ?? {}))
          parameters.push({ name, in: where, required: where === 'path' || !!s.required?.includes(name), schema: p });
      }
      const responses: Record<string, unknown> = {};
      for (const [status, res] of Object.entries(r.responses)) {
        responses[status] = {
          description: res.description,
          ...(res.schema
            ? { content: { 'application/json': { schema: jsonSchema(res.schema, 'output') } } }
            : res.contentType
              ? { content: { [res.contentType]: {} } }
              : {}),
        };
      }
      const op: Record<string, unknown> = { summary: r.summary, responses };
      if (parameters.length > 0) op.parameters = parameters;
      if (r.body) {
        const schema = jsonSchema(r.body.schema, 'input') as { required?: string[] };
        // A body whose fields are all optional may be left out ({} is what the route then reads).
        op.requestBody = {
          required: (schema.required ?? []).length > 0,
          content: { [r.body.contentType]: { schema } },
        };
      }
      (paths[openApiPath(r.url)] ??= {})[r.method.toLowerCase()] = op;
    }
    return {
      openapi: '3.1.0',
      info: {
        title: 'Nhắc Hạn',
        version: '0.1.0',
        description: 'Deadline reminders for Vietnamese public administration',
      },
      paths,
      components: { schemas: components },
    };
  }
}

/** The answers most routes share. */
export const COMMON = {
  401: { description: 'Not signed in', schema: ErrorBody },
  403: { description: 'Wrong role or missing CSRF token (header x-csrf-token)', schema: ErrorBody },
  404: { description: 'Not found', schema: ErrorBody },
  409: { description: 'Conflicts with the current state (already closed)', schema: ErrorBody },
  422: { description: 'Invalid input, one entry per field', schema: ValidationErrors },
  429: { description: 'Too many requests', schema: ErrorBody },
} satisfies Record<number, ResponseSpec>;
