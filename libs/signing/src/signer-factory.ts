import { readFile } from 'node:fs/promises';
import { Pkcs11Signer } from './drivers/pkcs11-signer';
import { SoftwareSigner } from './drivers/software-signer';
import type { Signer } from './signer';
import { SigningError, SigningErrorCode } from './signing.error';

export type SignerSpec =
  | {
      kind: 'pkcs11';
      module: string;
      tokenLabel: string;
      keyLabel?: string;
      keyIdHex?: string;
      pin: string;
      certificate?: Buffer;
      chain?: Buffer[];
      sessions?: number;
      chainFromAia?: boolean;
    }
  | { kind: 'p12'; file: string; password: string; chain?: Buffer[] };

export type ClosableSigner = Signer & { close?(): Promise<void> };

/** The one place that turns a signer description into a driver; an unknown kind fails loudly. */
export async function openSigner(spec: SignerSpec): Promise<ClosableSigner> {
  switch (spec.kind) {
    case 'pkcs11': {
      const key = spec.keyIdHex
        ? { id: spec.keyIdHex }
        : spec.keyLabel
          ? { label: spec.keyLabel }
          : undefined;
      if (!key)
        throw new SigningError(SigningErrorCode.UNKNOWN_SIGNER_KIND, 'give the key by label or by CKA_ID');
      return Pkcs11Signer.open({
        module: spec.module,
        token: { label: spec.tokenLabel },
        key,
        pin: spec.pin,
        certificate: spec.certificate,
        chain: spec.chain,
        sessions: spec.sessions,
        chainFromAia: spec.chainFromAia,
      });
    }
    case 'p12': {
      return SoftwareSigner.fromPkcs12(await readFile(spec.file), spec.password, { extraChain: spec.chain });
    }
    default:
      throw new SigningError(
        SigningErrorCode.UNKNOWN_SIGNER_KIND,
        `unknown signer kind ${(spec as { kind: string }).kind}`,
      );
  }
}
