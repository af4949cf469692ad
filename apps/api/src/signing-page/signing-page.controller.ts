import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { isDocumentId, SigningPageAssets } from './signing-page.assets';
import { SIGNING_PAGE_OPTIONS, type SigningPageOptions } from './signing-page.options';

/** `GET /sign/:documentId`: the leader's signing page; `GET /sign/assets/:file`: its script and style. */
@ApiExcludeController()
@Controller('sign')
export class SigningPageController {
  private readonly assets = SigningPageAssets.load();

  constructor(@Inject(SIGNING_PAGE_OPTIONS) private readonly options: SigningPageOptions) {}

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() res: Response): void {
    const asset = this.assets.asset(file);
    if (!asset) throw new NotFoundException();
    res.set({
      'Content-Type': asset.contentType,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    res.send(asset.body);
  }

  @Get(':documentId')
  page(@Param('documentId') documentId: string, @Res() res: Response): void {
    if (!isDocumentId(documentId)) throw new NotFoundException();
    const page = this.assets.page(documentId, this.options.agentUrl);
    res.set(page.headers);
    res.send(page.body);
  }
}
