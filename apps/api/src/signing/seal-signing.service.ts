import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { readCertificate } from '@kyso/cms';
import { KysoError } from '@kyso/common';
import { type Actor, Organisation } from '@kyso/org';
import { DATA_SOURCE } from '../core/tokens';
import { type AppearanceRequest, signPdf, type TrustServices } from '@kyso/signing';
import type { SignRequestDto } from './dto/sign-request.dto';
import { SealSignerService } from './seal-signer.service';
import { TRUST_SERVICES } from '../core/trust-services.provider';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

/** Applies the organisation's seal signature to an uploaded PDF, server-side (HSM or seal token). */
@Injectable()
export class SealSigningService {
  constructor(
    @Inject(SealSignerService) private readonly seal: SealSignerService,
    @Inject(TRUST_SERVICES) private readonly services: TrustServices,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  async sign(actor: Actor, pdf: Buffer, options: SignRequestDto, sealImage?: Buffer): Promise<Buffer> {
    // Bad input is refused whatever the configuration: the seal (which may be missing, a 503) is checked after.
    if (!pdf.subarray(0, 1024).includes('%PDF-'))
      throw invalid('file', 'the uploaded file is not a PDF', 'Tệp tải lên không phải PDF');
    if (sealImage && !sealImage.subarray(0, 4).equals(PNG_MAGIC))
      throw invalid('image', 'the seal image must be a PNG', 'Ảnh con dấu phải là tệp PNG');
    await this.checkSealBelongsTo(actor);
    const output = await signPdf(pdf, this.seal.get(), this.services, {
      level: options.level ?? 'B-T',
      appearance: this.appearance(options, sealImage),
      reason: options.reason,
    });
    return output.toBuffer();
  }

  /**
   * The seal signs in the organisation's name: a clerk may only use it when the seal certificate's
   * organisation identifier (OID 2.5.4.97) is the code of the clerk's own organisation.
   */
  private async checkSealBelongsTo(actor: Actor): Promise<void> {
    const sealCode = readCertificate(this.seal.get().certificate)
      .subject.rdns.flat()
      .find((a) => a.type === '2.5.4.97')?.value;
    const org = actor.organisationId
      ? await this.ds.getRepository(Organisation).findOneBy({ id: actor.organisationId })
      : null;
    if (!org || (sealCode && org.code !== sealCode)) {
      throw new KysoError(
        'SEAL_NOT_YOURS',
        'forbidden',
        `the configured seal belongs to organisation ${sealCode ?? '(unknown)'}, not to yours`,
        'Khoá ký của cơ quan được cấu hình không thuộc cơ quan của bạn',
      );
    }
  }

  private appearance(o: SignRequestDto, image?: Buffer): AppearanceRequest {
    const rect = o.rect ? (o.rect.split(',').map(Number) as [number, number, number, number]) : undefined;
    switch (o.appearance ?? 'none') {
      case 'seal':
        if (!image)
          throw invalid(
            'image',
            'the seal appearance needs the seal image (field "image")',
            'Cần ảnh con dấu (trường "image")',
          );
        return { kind: 'seal', imagePng: image, pageIndex: o.page ? o.page - 1 : undefined, rect };
      case 'attachment':
        if (!o.docNumber)
          throw invalid(
            'docNumber',
            'the attachment stamp needs docNumber',
            'Cần số, ký hiệu văn bản chính (docNumber)',
          );
        return { kind: 'attachment', docNumber: o.docNumber };
      case 'copy':
        if (!o.copyType || !o.organisation)
          throw invalid(
            'copyType',
            'the copy stamp needs copyType and organisation',
            'Cần hình thức sao và cơ quan sao',
          );
        return { kind: 'copy', copyType: o.copyType, organisation: o.organisation };
      default:
        return { kind: 'none' };
    }
  }
}

function invalid(field: string, message: string, messageVi: string): KysoError {
  return new KysoError('VALIDATION_FAILED', 'invalid-input', message, messageVi, { fields: [field] });
}
