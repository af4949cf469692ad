import { listFormFields } from '../document/acro-form';
import type { PdfReaderOptions } from '../document/pdf-reader';
import { PdfInput, withReader } from '../document/with-reader';
import { PdfRef } from '../objects/pdf-objects';

export interface PdfSignatureField {
  readonly fullName: string;
  readonly ref?: PdfRef;
  /** True when /V holds a signature dictionary. */
  readonly signed: boolean;
  readonly signatureRef?: PdfRef;
  readonly widgets: readonly {
    readonly ref?: PdfRef;
    readonly rect?: readonly number[];
    readonly pageRef?: PdfRef;
  }[];
}

/** Every signature form field, signed or empty (empty ones can be signed by name). */
export async function listSignatureFields(
  input: PdfInput,
  options?: PdfReaderOptions,
): Promise<PdfSignatureField[]> {
  return withReader(
    input,
    async (reader) => {
      const fields = await listFormFields(reader);
      const out: PdfSignatureField[] = [];
      for (const field of fields) {
        if (field.fieldType !== 'Sig') continue;
        const widgets = [];
        for (const w of field.widgets) {
          const rect = await reader.resolveArray(w.dict.get('Rect'));
          widgets.push({
            ref: w.ref,
            rect: rect?.every((n) => typeof n === 'number') ? (rect as number[]) : undefined,
            pageRef: w.dict.getRef('P'),
          });
        }
        out.push({
          fullName: field.fullName,
          ref: field.ref,
          signed: field.value !== undefined && (await reader.resolveDict(field.value)) !== undefined,
          signatureRef: field.value instanceof PdfRef ? field.value : undefined,
          widgets,
        });
      }
      return out;
    },
    options,
  );
}
