// npm run mirror against a remote whose pages say "more" without moving the cursor on: it stops with a
// clear error instead of asking for the same page for ever.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MirrorError, mirrorOnce } from '../server/mirror';
import { testApp } from './helpers';

test('a page with more changes but the same cursor is an error, after one request', async () => {
  let asked = 0;
  const remote = http.createServer((_req, res) => {
    asked++;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ items: [], next: '0', more: true }));
  });
  await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
  const t = testApp();
  try {
    const url = `http://127.0.0.1:${(remote.address() as AddressInfo).port}`;
    await expect(mirrorOnce(t.store, url)).rejects.toEqual(new MirrorError(`${url} answered more changes after 0 without moving past it (next: 0)`));
    expect(asked).toBe(1);
  } finally {
    t.close();
    remote.close();
  }
});
