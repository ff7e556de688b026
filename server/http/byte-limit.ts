// A request body as a stream that fails once more than `limit` bytes have come: a streamed upload is
// cut off at the limit instead of being read to the end.
import { Transform, pipeline, type Readable } from 'node:stream';

export class BodyTooLargeError extends Error {}

export function limitedBody(body: Readable, limit: number): Readable {
  let seen = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > limit) done(new BodyTooLargeError(`more than ${limit} bytes`));
      else done(null, chunk);
    },
  });
  // pipeline, not pipe: an aborted upload destroys the limiter too, so the reader sees the error.
  pipeline(body, limiter, () => undefined);
  return limiter;
}
