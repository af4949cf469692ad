import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  StreamableFile,
  type Type,
  UseInterceptors,
} from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import { map, type Observable } from 'rxjs';

interface PropertyMetadata {
  type?: unknown;
}

/** The declared properties of a response DTO, read from its @ApiProperty decorators (inherited ones too). */
function declaredProperties(dto: Type<unknown>): Array<[name: string, nested: Type<unknown> | undefined]> {
  const names = (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, dto.prototype) ?? []) as string[];
  return [...new Set(names.map((n) => n.replace(/^:/, '')))].map((name) => {
    const meta = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, dto.prototype, name) as
      PropertyMetadata | undefined;
    return [name, modelClass(meta?.type)];
  });
}

/** A nested DTO class (`type: FileDto` or `type: () => FileDto`), not String, Number, Date, Object or an enum. */
function modelClass(type: unknown): Type<unknown> | undefined {
  if (typeof type !== 'function') return undefined;
  const candidate = (type.prototype === undefined ? (type as () => unknown)() : type) as Type<unknown>;
  if (
    typeof candidate !== 'function' ||
    [String, Number, Boolean, Date, Object, Array].includes(candidate as never)
  )
    return undefined;
  return Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, candidate.prototype)
    ? candidate
    : undefined;
}

/**
 * Exactly the fields a response DTO declares, nested DTOs included: what a service returns beyond them (normalised
 * search keys, internal columns) never reaches the client, so the OpenAPI document describes every field sent.
 * A declared field the value lacks stays absent (and fails the contract check if it is required).
 */
export function asResponse<T>(dto: Type<T>, value: unknown): T {
  if (Array.isArray(value)) return value.map((v) => asResponse(dto, v)) as unknown as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value as T;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, nested] of declaredProperties(dto)) {
    if (!(name in source) || source[name] === undefined) continue;
    out[name] = nested ? asResponse(nested, source[name]) : source[name];
  }
  return out as T;
}

interface DeclaredResponse {
  type?: unknown;
}

/**
 * Sends a JSON answer as the DTO its route declares for success (`@ApiOkResponse({ type })`,
 * `@ApiCreatedResponse`, …), through `asResponse`, replays of idempotent calls included. Routes that declare no DTO
 * (files, streams) pass through unchanged. Used by `@SendsDeclaredFields()` on controllers whose services return
 * records with internal columns; elsewhere an undeclared field is a contract-check failure, never silently dropped.
 */
@Injectable()
class ResponseViewInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const dto = successType(context.getHandler());
    if (!dto) return next.handle();
    return next
      .handle()
      .pipe(map((value) => (value instanceof StreamableFile ? value : asResponse(dto, value))));
  }
}

function successType(handler: object): Type<unknown> | undefined {
  const responses = (Reflect.getMetadata(DECORATORS.API_RESPONSE, handler) ?? {}) as Record<
    string,
    DeclaredResponse
  >;
  const success = Object.entries(responses).find(([status]) => /^2\d\d$/.test(status));
  return success ? modelClass(success[1].type) : undefined;
}

/** The controller's JSON answers carry exactly the fields of their declared response DTOs. */
export function SendsDeclaredFields(): ClassDecorator & MethodDecorator {
  return applyDecorators(UseInterceptors(ResponseViewInterceptor));
}
