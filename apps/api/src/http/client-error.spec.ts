import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerParserErrors } from './client-error';

/** Sends raw bytes and returns the raw answer. */
function raw(port: number, request: Buffer): Promise<string> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('utf8')));
    socket.on('end', () => done(answer));
    socket.on('error', fail);
  });
}

function parse(answer: string): {
  status: number;
  requestId: string;
  body: { error: Record<string, string> };
} {
  const [head, body] = answer.split('\r\n\r\n');
  return {
    status: Number(head.split(' ')[1]),
    requestId: /x-request-id: (\S+)/i.exec(head)?.[1] ?? '',
    body: JSON.parse(body) as { error: Record<string, string> },
  };
}

// Found by the hostile-input sweep: `?mine=peut-être` sent unencoded got Node's bare 400 with no body.
describe('answers of the HTTP parser', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('ok'));
    answerParserErrors(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('answers raw bytes that are not ASCII in the URL with a 400 in the error shape', async () => {
    const req = Buffer.concat([
      Buffer.from('GET /api/v1/assignments?mine=peut-'),
      Buffer.from([0xc3, 0xaa]),
      Buffer.from('tre HTTP/1.1\r\nHost: x\r\n\r\n'),
    ]);
    const { status, requestId, body } = parse(await raw(port, req));
    expect(status).toBe(400);
    expect(body.error.code).toBe('MALFORMED_REQUEST');
    expect(body.error.messageVi).toBeTruthy();
    expect(body.error.requestId).toBe(requestId);
  });

  it('answers headers over the limit with a 431 in the error shape', async () => {
    const req = Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`);
    const { status, body } = parse(await raw(port, req));
    expect(status).toBe(431);
    expect(body.error.code).toBe('HEADERS_TOO_LARGE');
  });
});
