// An import sent as a form (multipart/form-data): the text fields that come before the file (the
// recipe), and the file part as a stream, read as it arrives (never held whole by this code). The
// recipe must come before the file: a reader for the file is chosen by it.
import type { Request } from 'express';
import { Busboy } from '@fastify/busboy';
import type { Readable } from 'node:stream';
import { ApiError, validationFailed } from './errors';

/** The largest text field accepted (the recipe), as for JSON bodies. */
export const FORM_FIELD_LIMIT = 64 * 1024;

export interface ImportForm {
  /** The text fields sent before the file. */
  fields: Record<string, string>;
  file: { stream: Readable; name: string | null; type: string | null };
}

const FIELDS = new Set(['recipe']);

/**
 * Reads a multipart import up to its file part. 400 for a form without a `file` part or with a field
 * this route does not know; 413 for a field over FORM_FIELD_LIMIT. `fileLimit` caps the file part
 * as busboy reads it (the caller cuts it off exactly with `limitedBody`).
 */
export function readImportForm(req: Request, fileLimit: number): Promise<ImportForm> {
  return new Promise((resolve, reject) => {
    let bb: ReturnType<typeof Busboy>;
    try {
      bb = Busboy({
        headers: req.headers as { 'content-type': string },
        // Only the `file` part is a file, whatever the other parts say (curl -F recipe=@r.json).
        isPartAFile: (name) => name === 'file',
        limits: { fieldSize: FORM_FIELD_LIMIT, fields: 5, files: 1, parts: 6, fileSize: fileLimit + 1 },
      });
    } catch (e) {
      reject(validationFailed({ body: [`not a multipart form that can be read (${(e as Error).message})`] }, 'form'));
      return;
    }
    const fields: Record<string, string> = Object.create(null) as Record<string, string>;
    let settled = false;
    let file: Readable | null = null;
    const fail = (e: ApiError) => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      req.resume();
      reject(e);
    };
    bb.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (settled) return;
      if (!FIELDS.has(name)) fail(validationFailed({ [name]: ['is not a field of the import form (send "recipe", then "file")'] }, 'form'));
      else if (valueTruncated) fail(new ApiError('payload_too_large', `The form's "${name}" field is larger than ${FORM_FIELD_LIMIT / 1024} KB.`));
      else fields[name] = value;
    });
    bb.on('file', (_name, stream, fileName, _encoding, mimeType) => {
      if (settled) {
        stream.resume();
        return;
      }
      settled = true;
      file = stream;
      resolve({ fields, file: { stream, name: fileName || null, type: mimeType || null } });
    });
    bb.on('finish', () => fail(validationFailed({ file: ['required: the form has no "file" part'] }, 'form')));
    bb.on('error', (e: unknown) => {
      const err = validationFailed({ body: [`the multipart form is malformed (${(e as Error)?.message ?? String(e)})`] }, 'form');
      if (!settled) fail(err);
      // Past the file's start, the file's reader hears of it (an upload cut off midway).
      else file?.destroy(err);
    });
    req.pipe(bb);
  });
}
