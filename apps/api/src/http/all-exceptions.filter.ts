import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { type ErrorKind, KysoError } from '@kyso/common';
import { settingHint } from '@kyso/config';
import type { ErrorBody } from './error-body';

const STATUS: Record<ErrorKind, number> = {
  'invalid-input': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'rate-limited': 429,
  unavailable: 503,
  failed: 422,
};

const HTTP_VI: Record<number, string> = {
  400: 'Yêu cầu không hợp lệ',
  401: 'Chưa đăng nhập hoặc phiên đăng nhập đã hết hạn',
  403: 'Bạn không có quyền thực hiện thao tác này',
  404: 'Không tìm thấy',
  405: 'Phương thức không được hỗ trợ',
  409: 'Xung đột dữ liệu',
  413: 'Tệp tải lên quá lớn',
  415: 'Định dạng không được hỗ trợ',
  429: 'Quá nhiều yêu cầu, vui lòng thử lại sau',
};

/**
 * Maps every error to the ErrorBody shape. Library errors (KysoError) get the status of the kind they declare
 * and keep their code and messages, followed by the setting that fixes them when there is one; Nest's HTTP
 * errors keep their status; anything else is a 500 with the request id, logged once with its stack.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const requestId = req.id;
    const [status, body] = this.toBody(exception, requestId);
    if (status >= 500) {
      this.logger.error(
        {
          reqId: requestId,
          err:
            exception instanceof Error
              ? { message: exception.message, stack: exception.stack }
              : String(exception),
        },
        'unhandled error',
      );
    }
    if (res.headersSent) return;
    res.status(status).json(body);
  }

  private toBody(exception: unknown, requestId?: string): [number, ErrorBody] {
    if (exception instanceof KysoError) {
      const hint = settingHint(exception.code);
      const withHint = (text: string) => (hint ? `${text} (${hint})` : text);
      return [
        STATUS[exception.kind],
        {
          error: {
            code: exception.code,
            message: withHint(exception.message),
            messageVi: withHint(exception.messageVi),
            requestId,
            details: exception.details,
          },
        },
      ];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const given =
        typeof response === 'object' &&
        response &&
        'error' in response &&
        typeof (response as ErrorBody).error === 'object'
          ? (response as ErrorBody)
          : undefined;
      if (given) return [status, { error: { ...given.error, requestId } }];
      const message =
        typeof response === 'string'
          ? response
          : ((response as { message?: string | string[] }).message ?? exception.message);
      return [
        status,
        {
          error: {
            code: HttpStatus[status] ?? `HTTP_${status}`,
            message: Array.isArray(message) ? message.join('; ') : String(message),
            messageVi: HTTP_VI[status] ?? 'Lỗi',
            requestId,
          },
        },
      ];
    }
    const tooLarge =
      (exception as { type?: string; code?: string })?.type === 'entity.too.large' ||
      (exception as { code?: string })?.code === 'LIMIT_FILE_SIZE';
    if (tooLarge) {
      return [
        413,
        {
          error: {
            code: 'PAYLOAD_TOO_LARGE',
            message: 'The request is larger than allowed',
            messageVi: HTTP_VI[413],
            requestId,
          },
        },
      ];
    }
    return [
      500,
      {
        error: {
          code: 'INTERNAL',
          message: `Internal error; quote request id ${requestId} to the administrator`,
          messageVi: `Lỗi hệ thống. Vui lòng báo quản trị viên mã yêu cầu ${requestId}`,
          requestId,
        },
      },
    ];
  }
}
