import express from 'express';
import { toValidationIssues } from '@fankui/core/schema';
import { HttpError, notFound } from './errors.js';

/**
 * Reading requests: bodies under a size cap, then checked with core's zod schemas, so
 * every refusal is the protocol's `invalid_*` error with issues pointing into the body.
 */

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * A JSON body of at most `maxBytes` (413 `body_too_large` beyond, 400 `invalid_json` when
 * it does not parse, 415 when it is not JSON at all).
 * @param {number} maxBytes
 * @returns {import('express').RequestHandler[]}
 */
export function jsonBody(maxBytes) {
  return [
    express.json({ limit: maxBytes, type: JSON_TYPES }),
    (req, _res, next) => {
      // Express leaves req.body undefined when no parser took the request.
      if (req.body === undefined) throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json');
      next();
    },
  ];
}

/**
 * `schema.parse` in protocol terms: the parsed value, or 400 with the issues.
 * @template T
 * @param {import('zod').ZodType<T>} schema
 * @param {unknown} value
 * @param {'invalid_body' | 'invalid_query'} [code]
 * @returns {T}
 */
export function validate(schema, value, code = 'invalid_body') {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const message = code === 'invalid_query' ? 'The query string is invalid' : 'The body does not match the protocol';
    throw new HttpError(400, code, message, toValidationIssues(parsed.error));
  }
  return parsed.data;
}

/**
 * Path parameters: an id that cannot be one names nothing, so it is 404 rather than 400.
 * @template T
 * @param {import('zod').ZodType<T>} schema
 * @param {unknown} params
 * @returns {T}
 */
export function validParams(schema, params) {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw notFound();
  return parsed.data;
}
