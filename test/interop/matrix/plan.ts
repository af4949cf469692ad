/* What the interop matrix builds and what each judge must say about it. The plan is plain data, known when
 * vitest collects the spec (one named test per cell); the files themselves are made in its beforeAll. */
import { testPki } from '@kyso/test-pki';
import type { ChangeKind } from '@kyso/validation';
import {
  appendOverlayAnnotation,
  appendPageContentChange,
  plainPdf,
  tamperSignedByte,
} from '../../../libs/validation/testing/signed-fixtures';
import { toXrefStream, withEmptySignatureField } from '../../support/pdf-fixtures';
import type { JudgeName } from './judges';
import {
  EMPTY_FIELD,
  kysoExtend,
  kysoSignBT,
  mutoolSign,
  pdfsigSign,
  podofoSign,
  signpdfSign,
} from './signers';
import { PDFDocument } from 'pdf-lib';

export type InputName = 'plain' | 'xref-stream' | 'empty-field';
export const INPUTS: readonly InputName[] = ['plain', 'xref-stream', 'empty-field'];

/** The unsigned inputs, made once: pdf-lib text pages, qpdf's xref-stream rewrite, an empty field `Sig1`. */
export async function makeInputs(): Promise<Record<InputName, Buffer>> {
  const plain = await plainPdf();
  return {
    plain,
    'xref-stream': toXrefStream(plain),
    'empty-field': await withEmptySignatureField(plain, EMPTY_FIELD),
  };
}

export type SignerName =
  | 'pdfsig'
  | 'pdfsig-new'
  | 'pdfsig-etsi'
  | 'podofo'
  | 'podofo-field'
  | 'podofo-ec'
  | 'mutool'
  | 'signpdf'
  | 'signpdf-cades'
  | 'kyso';

interface SignerSpec {
  /** Inputs the tool can sign as the first signer (mutool and "into the field" need the empty field). */
  inputs: readonly InputName[];
  /** Signs as the first signer (the leader's keys). */
  first: (pdf: Buffer) => Promise<Buffer>;
  /** Signs after someone else (the organisation seal's key); absent when the tool cannot. */
  second?: (pdf: Buffer) => Promise<Buffer>;
  /** Where the tool can sign second (default: after every first signer); see the signers below. */
  secondAfter?: (input: InputName, first: SignerName) => boolean;
  /** Its signature under DSS's default policy, when not TOTAL_PASSED. */
  expected?: string;
}

const pki = () => testPki();
const ALL = INPUTS;
const FIELD_ONLY: readonly InputName[] = ['empty-field'];

/**
 * The signers. pdfsig fills `Sig1` when the input has it (`-sign`), otherwise adds a field; `pdfsig-new`
 * adds a field beside the empty `Sig1`: with the input's direct /AcroForm in a classic-xref file, poppler
 * puts the new field on the page's /Annots only and writes the catalog back unchanged. Its ETSI variant
 * exists only with `-sign` in poppler 22.12 (see signers.ts). @signpdf's CMS comes from OpenSSL (adbe, or
 * CAdES with `signpdf-cades`). As second signers, pdfsig, podofosign, @signpdf and kyso add a new field;
 * mutool and podofosign `-field-use-existing` fill `Sig1`.
 */
export const SIGNERS = {
  pdfsig: {
    inputs: ALL,
    first: async (pdf) =>
      pdfsigSign(pdf, pki().leaderRsa, { into: (await hasField(pdf)) ? EMPTY_FIELD : undefined }),
    second: (pdf) => pdfsigSign(pdf, pki().sealA),
  },
  'pdfsig-new': {
    inputs: FIELD_ONLY,
    first: (pdf) => pdfsigSign(pdf, pki().leaderRsa),
  },
  'pdfsig-etsi': {
    inputs: FIELD_ONLY,
    first: (pdf) => pdfsigSign(pdf, pki().leaderRsa, { into: EMPTY_FIELD, etsi: true }),
  },
  podofo: {
    inputs: ALL,
    first: (pdf) => podofoSign(pdf, pki().leaderRsa),
    second: (pdf) => podofoSign(pdf, pki().sealA),
  },
  'podofo-field': {
    inputs: FIELD_ONLY,
    first: (pdf) => podofoSign(pdf, pki().leaderRsa, { existing: EMPTY_FIELD }),
    second: (pdf) => podofoSign(pdf, pki().sealA, { existing: EMPTY_FIELD }),
    secondAfter: fieldStillEmpty,
  },
  'podofo-ec': {
    inputs: ALL,
    first: (pdf) => podofoSign(pdf, pki().leaderEc),
  },
  mutool: {
    inputs: FIELD_ONLY,
    first: (pdf) => mutoolSign(pdf, pki().leaderRsa),
    second: (pdf) => mutoolSign(pdf, pki().sealA),
    // mutool finds fields through /Fields only, and @signpdf's new form no longer lists `Sig1`.
    secondAfter: (input, first) => fieldStillEmpty(input, first) && !first.startsWith('signpdf'),
    expected: 'INDETERMINATE/CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
  },
  signpdf: {
    inputs: ALL,
    first: (pdf) => signpdfSign(pdf, pki().leaderRsa),
    second: (pdf) => signpdfSign(pdf, pki().sealA),
    secondAfter: signpdfCanFollow,
  },
  'signpdf-cades': {
    inputs: ALL,
    first: (pdf) => signpdfSign(pdf, pki().leaderRsa, 'openssl-cades'),
  },
  kyso: {
    inputs: ALL,
    first: (pdf) => kysoSignBT(pdf, pki().leaderRsa),
    second: (pdf) => kysoSignBT(pdf, pki().sealA),
  },
} satisfies Record<SignerName, SignerSpec>;
const signerNames = Object.keys(SIGNERS) as SignerName[];

/** Mutool and podofosign `-field-use-existing` fill `Sig1`: only after a first signer that left it empty. */
function fieldStillEmpty(input: InputName, first: SignerName): boolean {
  return (
    input === 'empty-field' &&
    ['pdfsig-new', 'podofo', 'podofo-ec', 'signpdf', 'signpdf-cades', 'kyso'].includes(first)
  );
}

/**
 * Where @signpdf 3.3.0 can add a later signature without breaking the file. `signpdf.sign` strips the last
 * end-of-line of the file it is given (`removeTrailingNewLine`), which is inside the signed range of an
 * earlier signature that covers the whole file (pdfsig's, @signpdf's own): that signature then fails in
 * every judge. `placeholder-plain` misreads an indirect /AcroForm and writes `/Fields [EO 0 R …]` (the
 * plain input, where the first signer made the form). With a direct /AcroForm (the empty-field input) it
 * writes a new form listing only its own field; the earlier fields stay on the page's /Annots.
 */
function signpdfCanFollow(input: InputName, first: SignerName): boolean {
  return input === 'empty-field' && !first.startsWith('pdfsig') && !first.startsWith('signpdf');
}

async function hasField(pdf: Buffer): Promise<boolean> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  return doc
    .getForm()
    .getFields()
    .some((f) => f.getName() === EMPTY_FIELD);
}

/**
 * A signature no judge can accept: @signpdf/signer-p12 (node-forge) re-encodes the issuer's Vietnamese
 * UTF8String name in the signer identifier, so it names no certificate (DSS: NO_SIGNING_CERTIFICATE_FOUND);
 * pdfsig reports "Unknown Validation Failure" and mutool 1.21 dies on a segmentation fault.
 */
export const FORGE_DOC_ID = 'plain: signpdf (signer-p12) —';

export type Attack = 'pdf-lib-save' | 'page-content' | 'overlay-annotation' | 'signed-byte';

/** What is done after the first signature: another signer, `kyso extend`, or an attack. */
export type Step =
  | { kind: 'none' }
  | { kind: 'second'; signer: SignerName }
  | { kind: 'extend'; level: 'B-LT' | 'B-LTA' }
  | { kind: 'attack'; attack: Attack };

export interface MatrixDoc {
  /** e.g. `plain: pdfsig + kyso`. */
  id: string;
  input: InputName;
  first: SignerName;
  step: Step;
  expected: Record<JudgeName, string>;
  /** For the negative cells: the sub-indication and the reason kyso must give for the first signature. */
  reason?: { subIndication: string; change?: ChangeKind };
}

export function stepLabel(step: Step): string {
  switch (step.kind) {
    case 'none':
      return '—';
    case 'second':
      return `+ ${step.signer}`;
    case 'extend':
      return `kyso extend ${step.level}`;
    case 'attack':
      return `attack: ${step.attack}`;
  }
}

const entryOf = (s: SignerName): string => (SIGNERS[s] as SignerSpec).expected ?? 'TOTAL_PASSED';

/**
 * mutool walks /Fields only. Every signature of the file is then out of its sight when the first is
 * poppler's field beside `Sig1` (on /Annots only) and nothing but another such poppler field or kyso's
 * extension follows (mutool calls a document time-stamp "not signed").
 */
function onlyOnAnnots(first: SignerName, step: Step): boolean {
  return first === 'pdfsig-new' && (step.kind !== 'second' || step.signer === 'pdfsig');
}

function positive(input: InputName, first: SignerName, step: Step): MatrixDoc {
  const signatures: SignerName[] = [first, ...(step.kind === 'second' ? [step.signer] : [])];
  const entries = signatures.map(entryOf);
  if (step.kind === 'extend' && step.level === 'B-LTA') entries.push('TOTAL_PASSED');
  return {
    id: `${input}: ${first} ${stepLabel(step)}`,
    input,
    first,
    step,
    expected: {
      kyso: entries.join(','),
      pdfsig: `valid×${signatures.length}`,
      mutool: onlyOnAnnots(first, step) ? 'none' : 'valid',
    },
  };
}

/**
 * Negative cells: kyso fails the first signature for the right reason. pdfsig and mutool check only the
 * bytes each signature covers, so they still call it valid after an appended change, and invalid after a
 * byte inside the range changed. pdf-lib's `save()` rewrites every object at new offsets, so the signed
 * ranges hold other bytes: a hash failure for all three.
 */
const ATTACKS: Record<
  Attack,
  { expected: Omit<Record<JudgeName, string>, 'kyso'>; reason: MatrixDoc['reason'] }
> = {
  'pdf-lib-save': {
    expected: { pdfsig: 'invalid×1', mutool: 'invalid' },
    reason: { subIndication: 'FORMAT_FAILURE' },
  },
  'page-content': {
    expected: { pdfsig: 'valid×1', mutool: 'valid' },
    reason: { subIndication: 'FORMAT_FAILURE', change: 'page-content-changed' },
  },
  'overlay-annotation': {
    expected: { pdfsig: 'valid×1', mutool: 'valid' },
    reason: { subIndication: 'FORMAT_FAILURE', change: 'annotation-added' },
  },
  'signed-byte': {
    expected: { pdfsig: 'invalid×1', mutool: 'invalid' },
    reason: { subIndication: 'HASH_FAILURE' },
  },
};

export async function applyAttack(attack: Attack, pdf: Buffer): Promise<Buffer> {
  switch (attack) {
    case 'pdf-lib-save':
      return Buffer.from(
        await (await PDFDocument.load(pdf, { updateMetadata: false })).save({ useObjectStreams: false }),
      );
    case 'page-content':
      return appendPageContentChange(pdf);
    case 'overlay-annotation':
      return appendOverlayAnnotation(pdf);
    case 'signed-byte':
      return tamperSignedByte(pdf);
  }
}

/** Every file of the matrix with its expectations. */
export function matrixPlan(): MatrixDoc[] {
  const docs: MatrixDoc[] = [];
  for (const input of INPUTS) {
    for (const first of signerNames.filter((s) => SIGNERS[s].inputs.includes(input))) {
      docs.push(positive(input, first, { kind: 'none' }));
      if (input !== 'xref-stream') {
        for (const second of signerNames) {
          const spec: SignerSpec = SIGNERS[second];
          if (!spec.second) continue;
          if (spec.secondAfter && !spec.secondAfter(input, first)) continue;
          docs.push(positive(input, first, { kind: 'second', signer: second }));
        }
      }
      if (first !== 'kyso')
        for (const level of ['B-LT', 'B-LTA'] as const)
          docs.push(positive(input, first, { kind: 'extend', level }));
    }
  }
  docs.push({
    id: FORGE_DOC_ID,
    input: 'plain',
    first: 'signpdf',
    step: { kind: 'none' },
    expected: { kyso: 'INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND', pdfsig: 'invalid×1', mutool: 'crashed' },
  });
  for (const first of ['pdfsig', 'podofo', 'signpdf', 'kyso'] as const) {
    for (const attack of Object.keys(ATTACKS) as Attack[]) {
      const a = ATTACKS[attack];
      docs.push({
        id: `plain: ${first} attack: ${attack}`,
        input: 'plain',
        first,
        step: { kind: 'attack', attack },
        expected: { kyso: `TOTAL_FAILED/${a.reason!.subIndication}`, ...a.expected },
        reason: a.reason,
      });
    }
  }
  return docs;
}

/** Makes the file of one plan entry from its first-signed file. */
export async function applyStep(doc: MatrixDoc, firstSigned: Buffer): Promise<Buffer> {
  const step = doc.step;
  switch (step.kind) {
    case 'none':
      return firstSigned;
    case 'second':
      return (SIGNERS[step.signer] as SignerSpec).second!(firstSigned);
    case 'extend':
      return kysoExtend(firstSigned, step.level);
    case 'attack':
      return applyAttack(step.attack, firstSigned);
  }
}
