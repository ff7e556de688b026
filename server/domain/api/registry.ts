// The named shapes of the API's answers and bodies: what the OpenAPI document lists under
// components.schemas, each once, and refers to by name. Registering is all this module does; the
// document is built in server/http/openapi/.
import { z } from 'zod';

/** Shapes the server sends (converted to JSON Schema as their output). */
export const answerSchemas = z.registry<{ id: string; description?: string }>();
/** Shapes the server reads: bodies (converted as their input, before defaults and trimming). */
export const bodySchemas = z.registry<{ id: string; description?: string }>();

/** Names an answer's shape for the document; returns the schema itself. */
export function answer<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  answerSchemas.add(schema, { id, ...(description ? { description } : {}) });
  return schema;
}

export function body<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  bodySchemas.add(schema, { id, ...(description ? { description } : {}) });
  return schema;
}

/** A whole number as SQLite stores it (never above 2^53 − 1 in this project). */
export const whole = () => z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** A positive id. */
export const id = () => z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/** A calendar day written YYYY-MM-DD. */
export const day = () => z.iso.date();
/** A moment, as the server writes it (ISO 8601 in UTC). */
export const moment = () => z.iso.datetime();
