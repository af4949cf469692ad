import { readFile } from 'node:fs/promises';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { type KysoConfig } from '@kyso/config';
import { KysoError } from '@kyso/common';
import { type ClosableSigner, openSigner } from '@kyso/signing';
import { readCertificate } from '@kyso/cms';
import { CONFIG, LOGGER } from '../core/tokens';

/**
 * The organisation's seal key (HSM or seal token via PKCS#11, or a PKCS#12 file), opened once at start-up
 * from configuration. The PIN or password is read from its file, used to log in, and not kept by kyso.
 */
@Injectable()
export class SealSignerService implements OnModuleInit, OnApplicationShutdown {
  private signer?: ClosableSigner;

  constructor(
    @Inject(CONFIG) private readonly config: KysoConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const seal = this.config.signing.seal;
    if (seal.kind === 'none') return;
    if (seal.kind === 'pkcs11') {
      const pin = (await readFile(seal.pinFile, 'utf8')).trim();
      this.signer = await openSigner({
        kind: 'pkcs11',
        module: seal.module,
        tokenLabel: seal.tokenLabel,
        keyLabel: seal.keyLabel,
        pin,
        sessions: seal.sessions,
        chainFromAia: !this.config.signing.offline,
      });
    } else {
      const password = (await readFile(seal.passwordFile, 'utf8')).replace(/\r?\n$/, '');
      this.signer = await openSigner({ kind: 'p12', file: seal.file, password });
    }
    this.logger.info(
      { seal: seal.kind, subject: readCertificate(this.signer.certificate).subject.text },
      'organisation seal signer ready',
    );
  }

  get(): ClosableSigner {
    if (!this.signer) {
      throw new KysoError(
        'SEAL_SIGNER_NOT_CONFIGURED',
        'unavailable',
        'the organisation seal signer is not configured (KYSO_SEAL_SIGNER)',
        'Chưa cấu hình khoá ký của cơ quan (KYSO_SEAL_SIGNER)',
      );
    }
    return this.signer;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.signer?.close?.();
  }
}
