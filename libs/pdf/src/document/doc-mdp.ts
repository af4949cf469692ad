import { PdfRef } from '../objects/pdf-objects';
import type { PdfReader } from './pdf-reader';

/** DocMDP permission levels (ISO 32000-1 §12.8.2.2, Table 254). */
export type DocMdpPermission = 1 | 2 | 3;

export interface DocMdpInfo {
  /** The certification signature dictionary named by /Perms /DocMDP. */
  readonly signatureRef?: PdfRef;
  /** /P of its DocMDP transform parameters; 2 when absent (the default). */
  readonly permission: DocMdpPermission;
}

/** Reads /Perms /DocMDP from the catalog, or undefined when the document is not certified. */
export async function readDocMdp(reader: PdfReader): Promise<DocMdpInfo | undefined> {
  const catalog = await reader.catalog();
  const perms = await reader.resolveDict(catalog.get('Perms'));
  const sigValue = perms?.get('DocMDP');
  if (!sigValue) return undefined;
  const sig = await reader.resolveDict(sigValue);
  let permission: DocMdpPermission = 2;
  for (const item of (await reader.resolveArray(sig?.get('Reference'))) ?? []) {
    const ref = await reader.resolveDict(item);
    if (ref?.getName('TransformMethod') !== 'DocMDP') continue;
    const params = await reader.resolveDict(ref.get('TransformParams'));
    const p = await reader.resolveNumber(params?.get('P'));
    if (p === 1 || p === 2 || p === 3) permission = p;
  }
  return { signatureRef: sigValue instanceof PdfRef ? sigValue : undefined, permission };
}
