import { describe, expect, it } from 'vitest';
import {
  ArchiveError,
  ArchiveErrorCode,
  VerificationBatchError,
  VerificationBatchErrorCode,
} from '@kyso/archive';
import {
  PairingError,
  PairingErrorCode,
  RequestTokenError,
  RequestTokenErrorCode,
} from '@kyso/agent-protocol';
import { CmsError, CmsErrorCode } from '@kyso/cms';
import {
  DocumentsError,
  DocumentsErrorCode,
  SigningSessionError,
  SigningSessionErrorCode,
} from '@kyso/documents';
import { DatabaseUnavailableError } from '@kyso/database';
import { NativeArgumentError, NativeCoreUnavailableError } from '@kyso/native';
import { LineageError, LineageErrorCode, OrgError, OrgErrorCode } from '@kyso/org';
import { PdfError, PdfErrorCode } from '@kyso/pdf';
import { Pkcs11Error, Pkcs11ErrorCode } from '@kyso/pkcs11';
import { SigningError, SigningErrorCode } from '@kyso/signing';
import { StorageError, StorageErrorCode } from '@kyso/storage';
import { ValidationError, ValidationErrorCode } from '@kyso/validation';
// The one place that pins both transports side by side: the CLI's mapping is plain TypeScript.
import { describeError } from '../../../cli/src/cli-error';
import { AllExceptionsFilter } from './all-exceptions.filter';

type Outcome = readonly [httpStatus: number, cliExit: number];

interface Family {
  readonly codes: readonly string[];
  readonly make: (code: string) => unknown;
  readonly expected: Readonly<Record<string, Outcome>>;
}

/** `expected` must name every code of the enum: a new code without a pinned outcome does not compile. */
function family<C extends string>(
  codes: Record<string, C>,
  make: (code: C) => unknown,
  expected: Record<C, Outcome>,
): Family {
  return { codes: Object.values(codes), make: make as (code: string) => unknown, expected };
}

/**
 * HTTP status and CLI exit code of every library error code, as they were when the transports still guessed a
 * kind from the spelling of a code. Each library now declares the kind; these outcomes must not move.
 */
const PINNED: Record<string, Family> = {
  PdfError: family(PdfErrorCode, (code) => new PdfError(code), {
    NOT_PDF: [400, 3],
    TRUNCATED: [400, 3],
    SYNTAX: [400, 3],
    NESTING_TOO_DEEP: [400, 3],
    NUMBER_OUT_OF_RANGE: [400, 3],
    OBJECT_TOO_LARGE: [400, 3],
    STREAM_UNTERMINATED: [400, 3],
    UNSUPPORTED_FILTER: [400, 3],
    DECODE_FAILED: [400, 3],
    STARTXREF_NOT_FOUND: [400, 3],
    XREF_INVALID: [400, 3],
    XREF_OFFSET_OUT_OF_RANGE: [400, 3],
    XREF_PREV_LOOP: [400, 3],
    OBJECT_NOT_FOUND: [400, 3],
    REFERENCE_CYCLE: [400, 3],
    ENCRYPTED: [400, 3],
    INVALID_STRUCTURE: [400, 3],
    PAGE_NOT_FOUND: [400, 3],
    FIELD_EXISTS: [409, 1],
    DOCMDP_FORBIDS_CHANGES: [409, 1],
    DOCMDP_NOT_FIRST: [409, 1],
    INVALID_ARGUMENT: [400, 3],
    BYTE_RANGE_INVALID: [400, 3],
    CONTENTS_TOO_SMALL: [422, 1],
    SOURCE_CHANGED: [409, 1],
    IO: [400, 3],
    IMAGE_INVALID: [400, 3],
    FONT_INVALID: [400, 3],
  }),
  CmsError: family(CmsErrorCode, (code) => new CmsError(code), {
    MALFORMED: [400, 3],
    UNSUPPORTED_ALGORITHM: [400, 3],
    LIMIT_EXCEEDED: [413, 3],
    INVALID_ARGUMENT: [400, 3],
    SIGNER_NOT_FOUND: [404, 3],
    NO_URL: [404, 3],
    OFFLINE: [503, 4],
    TSA_UNAVAILABLE: [503, 4],
    TSA_BAD_RESPONSE: [503, 4],
    TSA_REJECTED: [422, 1],
    TSA_MISMATCH: [422, 1],
    TSA_INVALID_TOKEN: [422, 1],
    OCSP_UNAVAILABLE: [503, 4],
    OCSP_BAD_RESPONSE: [503, 4],
    OCSP_REJECTED: [422, 1],
    OCSP_MISMATCH: [422, 1],
    OCSP_INVALID_SIGNATURE: [422, 1],
    OCSP_UNAUTHORIZED_RESPONDER: [422, 1],
    CRL_UNAVAILABLE: [503, 4],
    CRL_BAD_RESPONSE: [503, 4],
    CRL_MISMATCH: [422, 1],
    CRL_INVALID_SIGNATURE: [422, 1],
    CA_ISSUERS_UNAVAILABLE: [503, 4],
    CA_ISSUERS_BAD_RESPONSE: [503, 4],
  }),
  Pkcs11Error: family(Pkcs11ErrorCode, (code) => new Pkcs11Error(code, { en: 'x', vi: 'x' }), {
    MODULE_NOT_FOUND: [400, 3],
    MODULE_INVALID: [400, 3],
    TOKEN_NOT_FOUND: [404, 3],
    TOKEN_AMBIGUOUS: [400, 3],
    PIN_INCORRECT: [422, 1],
    PIN_LOCKED: [422, 1],
    KEY_NOT_FOUND: [404, 3],
    CERTIFICATE_NOT_FOUND: [404, 3],
    MECHANISM_NOT_SUPPORTED: [400, 3],
    DEVICE_REMOVED: [503, 4],
    POOL_QUEUE_FULL: [503, 4],
    SESSION_CLOSED: [503, 4],
    GENERAL: [422, 1],
  }),
  SigningError: family(SigningErrorCode, (code) => new SigningError(code, 'x'), {
    UNKNOWN_SIGNER_KIND: [400, 3],
    PKCS12_INVALID: [400, 3],
    PKCS12_PASSWORD: [400, 3],
    CERTIFICATE_EXPIRED: [422, 1],
    CERTIFICATE_NOT_YET_VALID: [422, 1],
    CERTIFICATE_REVOKED: [422, 1],
    CERTIFICATE_KEY_USAGE: [422, 1],
    REVOCATION_UNKNOWN: [503, 4],
    KEY_CERTIFICATE_MISMATCH: [400, 3],
    PDF_ALREADY_CERTIFIED: [409, 1],
    PDF_NOT_SIGNED: [400, 3],
    TSA_REQUIRED: [400, 3],
    SIGNATURE_INVALID: [422, 1],
    SESSION_STATE: [409, 1],
    // New: fromPending threw a plain Error (500, exit 70) before it had a code.
    DOCUMENT_CHANGED: [409, 1],
  }),
  ValidationError: family(ValidationErrorCode, (code) => new ValidationError(code), {
    TRUST_PATH_NOT_FOUND: [400, 3],
    TRUST_ANCHOR_INVALID: [400, 3],
    INVALID_VALIDATION_OPTIONS: [400, 3],
    FILE_UNREADABLE: [400, 3],
  }),
  StorageError: family(StorageErrorCode, (code) => new StorageError(code, 'x'), {
    INVALID_KEY: [400, 3],
    NOT_FOUND: [404, 3],
    IO: [400, 3],
  }),
  RequestTokenError: family(RequestTokenErrorCode, (code) => new RequestTokenError(code), {
    MALFORMED: [403, 1],
    UNSUPPORTED_ALGORITHM: [403, 1],
    UNKNOWN_KEY: [403, 1],
    BAD_SIGNATURE: [403, 1],
    EXPIRED: [403, 1],
    NOT_YET_VALID: [403, 1],
    LIFETIME_TOO_LONG: [403, 1],
    WRONG_AUDIENCE: [403, 1],
    WRONG_ISSUER: [403, 1],
  }),
  PairingError: family(PairingErrorCode, (code) => new PairingError(code, 'x'), {
    MALFORMED: [400, 3],
    INVALID_ORIGIN: [400, 3],
    ORIGIN_MISMATCH: [400, 3],
    INVALID_PUBLIC_KEY: [400, 3],
    KEY_ID_MISMATCH: [400, 3],
  }),
  OrgError: family(OrgErrorCode, (code) => new OrgError(code), {
    FORBIDDEN: [403, 1],
    ORGANISATION_REQUIRED: [400, 3],
    ORGANISATION_NOT_FOUND: [404, 3],
    ORGANISATION_CODE_EXISTS: [409, 1],
    UNIT_NOT_FOUND: [404, 3],
    UNIT_ABBREVIATION_EXISTS: [409, 1],
    USER_NOT_FOUND: [404, 3],
    USERNAME_EXISTS: [409, 1],
    INVALID_CREDENTIALS: [401, 1],
    INVALID_INPUT: [400, 3],
  }),
  LineageError: family(LineageErrorCode, (code) => new LineageError(code), {
    LINEAGE_FORBIDDEN: [403, 1],
    LINEAGE_INVALID_EVENT: [400, 3],
    LINEAGE_EXPORT_INVALID: [400, 3],
    LINEAGE_ORGANISATION_NOT_FOUND: [404, 3],
    LINEAGE_ORGANISATION_DISSOLVED: [409, 1],
    LINEAGE_ORGANISATION_NOT_LIVE: [409, 1],
    LINEAGE_CYCLE: [409, 1],
    LINEAGE_OVERLAPPING_VALIDITY: [409, 1],
    LINEAGE_CODE_TAKEN: [409, 1],
    LINEAGE_EVENT_NOT_FOUND: [404, 3],
    LINEAGE_EVENT_NOT_PENDING: [409, 1],
    LINEAGE_NOT_YET_EFFECTIVE: [409, 1],
    LINEAGE_PLAN_CHANGED: [409, 1],
    LINEAGE_MAPPING_INCOMPLETE: [400, 3],
    LINEAGE_UNIT_NOT_FOUND: [404, 3],
    LINEAGE_APPLY_AT_TOO_EARLY: [400, 3],
  }),
  DocumentsError: family(DocumentsErrorCode, (code) => new DocumentsError(code), {
    DOCUMENT_NOT_FOUND: [404, 3],
    REGISTER_NOT_FOUND: [404, 3],
    REGISTER_EXISTS: [409, 1],
    REGISTER_KIND_MISMATCH: [400, 3],
    REGISTER_CLOSED: [409, 1],
    DOCUMENT_TYPE_NOT_FOUND: [400, 3],
    INVALID_STATE: [409, 1],
    INCOMING_DUPLICATE: [409, 1],
    NUMBER_SYMBOL_TAKEN: [409, 1],
    NOT_PDF: [400, 3],
    FILE_REQUIRED: [400, 3],
    FILE_NOT_FOUND: [404, 3],
    ASSIGNMENT_NOT_FOUND: [404, 3],
    NOT_ASSIGNEE: [403, 1],
    NO_LEAD: [400, 3],
    RECIPIENT_INVALID: [400, 3],
    RECIPIENT_CODE_UNKNOWN: [400, 3],
    DOWNLOAD_LINK_INVALID: [404, 3],
    RELATED_DOCUMENT_INVALID: [400, 3],
    INVALID_INPUT: [400, 3],
    FORBIDDEN: [403, 1],
  }),
  SigningSessionError: family(SigningSessionErrorCode, (code) => new SigningSessionError(code), {
    SESSION_NOT_FOUND: [404, 3],
    SESSION_EXPIRED: [409, 1],
    DOCUMENT_CHANGED: [409, 1],
    CERTIFICATE_NOT_REGISTERED: [403, 1],
    CERTIFICATE_NOT_THIS_USER: [403, 1],
    CERTIFICATE_INVALID: [400, 3],
    SIGNATURE_INVALID: [400, 3],
    NOTHING_TO_SIGN: [409, 1],
  }),
  ArchiveError: family(ArchiveErrorCode, (code) => new ArchiveError(code), {
    ARCHIVE_RUN_NOT_FOUND: [404, 3],
    ARCHIVE_NOTHING_TO_DO: [400, 3],
    ARCHIVE_TSA_REQUIRED: [400, 3],
    ARCHIVE_BLOB_CORRUPT: [422, 1],
    ARCHIVE_EVIDENCE_NOT_FOUND: [404, 3],
    ARCHIVE_EVIDENCE_MALFORMED: [400, 3],
    ARCHIVE_EVIDENCE_EMPTY_BATCH: [400, 3],
    ARCHIVE_SOURCE_UNREADABLE: [422, 1],
  }),
  VerificationBatchError: family(
    VerificationBatchErrorCode,
    (code) => new VerificationBatchError(code, { state: 'queued' }),
    {
      VERIFICATION_BATCH_NOT_FOUND: [404, 3],
      VERIFICATION_BATCH_FORBIDDEN: [403, 1],
      VERIFICATION_BATCH_AT_INVALID: [400, 3],
      VERIFICATION_BATCH_RESULTS_NOT_READY: [409, 1],
      VERIFICATION_BATCH_ALREADY_FINISHED: [409, 1],
      VERIFICATION_BATCH_RESULTS_MISSING: [404, 3],
      VERIFICATION_BATCH_LOCAL_FILES_REQUIRED: [503, 4],
    },
  ),
};

function httpStatus(error: unknown): number {
  let status = 0;
  const res = {
    headersSent: false,
    status(code: number) {
      status = code;
      return res;
    },
    json: () => res,
  };
  const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ id: 'req-1' }) }) };
  new AllExceptionsFilter({ error: () => undefined } as never).catch(error, host as never);
  return status;
}

describe('library error → HTTP status and CLI exit code', () => {
  for (const [name, { codes, make, expected }] of Object.entries(PINNED)) {
    it.each(codes)(`${name} %s`, (code) => {
      const error = make(code);
      expect([httpStatus(error), describeError(error).exitCode]).toEqual(expected[code]);
    });
  }

  it.each([
    // A TypeError for a caller's programming mistake (native/ts/validate.ts): an internal error, no longer
    // taken for invalid input because it happens to carry a code and a Vietnamese message.
    ['NativeArgumentError', new NativeArgumentError('bad', 'sai'), [500, 70]],
    // New: it had no code (500 / exit 70); an unreachable database is what "unavailable" means.
    [
      'DatabaseUnavailableError',
      new DatabaseUnavailableError(
        { kind: 'postgres', url: 'postgres://db', poolSize: 1 } as never,
        new Error('refused'),
      ),
      [503, 4],
    ],
    ['NativeCoreUnavailableError', new NativeCoreUnavailableError('not built', 'chưa biên dịch'), [503, 4]],
  ] as const)('%s', (_name, error, expected) => {
    expect([httpStatus(error), describeError(error).exitCode]).toEqual(expected);
  });

  it('names no CLI flag or environment variable in a library message', () => {
    for (const [name, { codes, make }] of Object.entries(PINNED)) {
      for (const code of codes) {
        const { message, messageVi } = make(code) as Error & { messageVi: string };
        expect(`${message} ${messageVi}`, `${name} ${code}`).not.toMatch(/--[a-z]|KYSO_|DATABASE_URL/);
      }
    }
  });

  it('keeps unknown errors a 500 and an internal exit', () => {
    const error = new Error('boom');
    expect([httpStatus(error), describeError(error).exitCode]).toEqual([500, 70]);
  });
});
