import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorBody } from './error-body';

/**
 * Node's HTTP parser refuses some requests before Express sees them (a request target with raw bytes that are not
 * ASCII, headers over the size limit, a malformed request line) and by default answers a bare
 * "400 Bad Request" with no body. This answers them in the one error shape instead, with a request id.
 */
export function answerParserErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const requestId = randomUUID();
    const body: ErrorBody = {
      error: tooLarge
        ? {
            code: 'HEADERS_TOO_LARGE',
            message: 'The request line and headers are larger than allowed',
            messageVi: 'Dòng yêu cầu và tiêu đề quá lớn',
            requestId,
          }
        : {
            code: 'MALFORMED_REQUEST',
            message:
              'The request is not well-formed HTTP (percent-encode bytes that are not ASCII in the URL)',
            messageVi:
              'Yêu cầu HTTP không hợp lệ (các byte ngoài ASCII trong URL phải được mã hóa phần trăm)',
            requestId,
          },
    };
    const json = Buffer.from(JSON.stringify(body));
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${json.length}\r\n` +
        `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${json.toString('latin1')}`,
      'latin1',
    );
  });
}
