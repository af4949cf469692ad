import { createHash } from 'node:crypto';
import { OID, type ParsedSignedData } from '@kyso/cms';
import type { DssData } from './dss-history';
import { childTlvs } from '../integrity/der-set-order';
import type { EmbeddedRevocationData, EmbeddedRevocationItem } from './revocation-checker';
import type { RevocationSource } from './revocation-evidence';

/** RFC 5940 id-ri-ocsp-response: an OCSPResponse in SignedData.crls as OtherRevocationInfoFormat. */
const ID_RI_OCSP_RESPONSE = '1.3.6.1.5.5.7.16.2';

/** Accumulates revocation data found in a document, without duplicates. */
export class EmbeddedRevocationCollector {
  private readonly seen = new Set<string>();
  private readonly ocsps: EmbeddedRevocationItem[] = [];
  private readonly crls: EmbeddedRevocationItem[] = [];

  constructor(private readonly maxItems: number) {}

  addOcsp(der: Buffer, source: RevocationSource): void {
    this.push(this.ocsps, der, source);
  }

  addCrl(der: Buffer, source: RevocationSource): void {
    this.push(this.crls, der, source);
  }

  /** CRLs and OCSP responses of a CMS: SignedData.crls (RFC 5652, RFC 5940) and adbe-revocationInfoArchival. */
  addFromCms(cms: ParsedSignedData): void {
    for (const crl of cms.crls) this.addCrl(crl, 'cms');
    for (const other of cms.otherRevocationInfo)
      if (other.format === ID_RI_OCSP_RESPONSE) this.addOcsp(other.infoDer, 'cms');
    for (const signer of cms.signers.slice(0, 1)) {
      for (const attr of signer.signedAttributes) {
        if (attr.type !== OID.adbeRevocationInfoArchival) continue;
        for (const value of attr.values) this.addArchival(value);
      }
    }
  }

  addFromDss(dss: DssData): void {
    for (const der of dss.ocsps) this.addOcsp(der, 'dss');
    for (const der of dss.crls) this.addCrl(der, 'dss');
  }

  data(): EmbeddedRevocationData {
    return { ocsps: this.ocsps, crls: this.crls };
  }

  /**
   * Adobe's RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRL OPTIONAL,
   * ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse OPTIONAL, otherRevInfo [2] ... OPTIONAL }.
   */
  private addArchival(value: Buffer): void {
    for (const field of childTlvs(value) ?? []) {
      const tag = field[0];
      if (tag !== 0xa0 && tag !== 0xa1) continue;
      const inner = childTlvs(field)?.[0];
      for (const item of (inner && childTlvs(inner)) ?? []) {
        if (tag === 0xa0) this.addCrl(Buffer.from(item), 'cms');
        else this.addOcsp(Buffer.from(item), 'cms');
      }
    }
  }

  private push(list: EmbeddedRevocationItem[], der: Buffer, source: RevocationSource): void {
    if (list.length >= this.maxItems) return;
    const id = createHash('sha256').update(der).digest('hex');
    if (this.seen.has(id)) return;
    this.seen.add(id);
    list.push({ der, source, id });
  }
}
