import { createServer } from 'node:http';
import { reportUsageOnRequest } from './usage-reporter.js';

/** The baseline: the fastest Node can answer a small JSON body, with no framework at all. */
const body = JSON.stringify({
  id: '00000000-0000-4000-8000-000000000000',
  username: 'bench',
  email: null,
  name: 'Bench User',
  roles: ['user'],
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  response.end(body);
});

reportUsageOnRequest();
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
