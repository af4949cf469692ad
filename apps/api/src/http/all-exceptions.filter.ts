import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { HTTP_STATUS_OF_KIND, KysoError } from '@kyso/common';
import { settingHint } from '@kyso/config';
import type { ErrorBody } from './error-body';

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
 * Maps every error to the one ErrorBody shape. Library errors (KysoError) get the status of the kind they declare
 * and keep their code and messages, followed by the setting that fixes them when there is one; Nest's HTTP errors
 * and body-parser's keep their status; anything else is a 500 with the request id, logged once with its stack.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const requestId = req.id;
    const [status, body] = this.toBody(exception, req, requestId);
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

  private toBody(exception: unknown, req: Request, requestId?: string): [number, ErrorBody] {
    if (exception instanceof KysoError) {
      const status = HTTP_STATUS_OF_KIND[exception.kind];
      return [status, codedBody(exception, status, requestId)];
    }
    if (exception instanceof HttpException) return httpBody(exception, req, requestId);
    const parserError = bodyParserBody(exception, requestId);
    if (parserError) return parserError;
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

/** A domain error keeps its code and messages; the fields it names in `details.fields` become `error.fields`. */
function codedBody(exception: KysoError, status: number, requestId?: string): ErrorBody {
  const { fields, details } = splitFields(exception.details);
  const hint = settingHint(exception.code);
  const withHint = (text: string) => (hint ? `${text} (${hint})` : text);
  const message = withHint(exception.message);
  const messageVi = withHint(exception.messageVi ?? HTTP_VI[status] ?? exception.message);
  return {
    error: {
      code: exception.code,
      message,
      messageVi,
      ...(fields && {
        fields: fields.map((field) => ({
          field,
          code: exception.code,
          messages: [message],
          messagesVi: [messageVi],
        })),
      }),
      requestId,
      ...(details && { details }),
    },
  };
}

/** Nest's HTTP errors keep their status; the validation pipe's already carry an ErrorBody. */
function httpBody(exception: HttpException, req: Request, requestId?: string): [number, ErrorBody] {
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
  // Multer's limit errors arrive as HttpExceptions without the part's name; every upload route calls its PDF
  // part `file`.
  if (status === 413 && req.is('multipart/form-data')) return [413, tooLarge(requestId, 'file')];
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

/** body-parser's own errors, told apart by their `type`: too large, a charset or encoding it cannot read. */
function bodyParserBody(exception: unknown, requestId?: string): [number, ErrorBody] | undefined {
  const type = (exception as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large') return [413, tooLarge(requestId)];
  if ((exception as { code?: unknown } | null)?.code === 'LIMIT_FILE_SIZE')
    return [413, tooLarge(requestId, 'file')];
  // A body that is not what its Content-Encoding says (zlib's Z_DATA_ERROR, wrapped by body-parser in a 400).
  if (/^Z_/.test(String((exception as { code?: unknown } | null)?.code ?? '')))
    return [
      400,
      {
        error: {
          code: 'INVALID_CONTENT_ENCODING',
          message: 'The body is not encoded as its Content-Encoding header says',
          messageVi: 'Nội dung yêu cầu không được mã hóa như tiêu đề Content-Encoding khai báo',
          requestId,
        },
      },
    ];
  if (type === 'charset.unsupported' || type === 'encoding.unsupported')
    return [
      415,
      {
        error: {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: 'The charset or content encoding of the body is not supported; send UTF-8',
          messageVi: HTTP_VI[415],
          requestId,
        },
      },
    ];
  // raw-body's other client errors (an aborted upload, a length that does not match Content-Length).
  const status = (exception as { status?: unknown; expose?: unknown } | null)?.status;
  if (
    typeof status === 'number' &&
    status >= 400 &&
    status < 500 &&
    (exception as { expose?: unknown }).expose
  )
    return [
      status,
      {
        error: {
          code: HttpStatus[status] ?? `HTTP_${status}`,
          message: (exception as Error).message,
          messageVi: HTTP_VI[status] ?? HTTP_VI[400],
          requestId,
        },
      },
    ];
  return undefined;
}

/** Domain errors name their fields in `details.fields`; the body lists them in `error.fields`. */
function splitFields(details: Record<string, unknown> | undefined): {
  fields?: string[];
  details?: Record<string, unknown>;
} {
  if (!details) return {};
  const { fields, ...rest } = details;
  const names = Array.isArray(fields) ? fields.filter((f): f is string => typeof f === 'string') : [];
  return {
    fields: names.length ? names : undefined,
    details: Object.keys(rest).length ? rest : undefined,
  };
}

function tooLarge(requestId: string | undefined, field?: string): ErrorBody {
  const message = 'The request is larger than allowed';
  return {
    error: {
      code: 'PAYLOAD_TOO_LARGE',
      message,
      messageVi: HTTP_VI[413],
      ...(field && {
        fields: [{ field, code: 'PAYLOAD_TOO_LARGE', messages: [message], messagesVi: [HTTP_VI[413]] }],
      }),
      requestId,
    },
  };
}
