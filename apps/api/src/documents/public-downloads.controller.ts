import { Controller, Get, Inject, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DispatchService } from '@kyso/documents';
import { API_V1 } from '../api-prefix';
import { contentDisposition } from './content-disposition';

/** Download links for external recipients: the token is the credential (32 random bytes, 30 days). */
@ApiTags('documents')
@Controller(`${API_V1}/public/downloads`)
export class PublicDownloadsController {
  constructor(@Inject(DispatchService) private readonly dispatching: DispatchService) {}

  @Get(':token')
  @ApiOperation({ summary: 'Tải văn bản theo đường dẫn đã gửi — download a dispatched document by its link' })
  async download(
    @Param('token') token: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.dispatching.openDownload(token.slice(0, 100));
    res.setHeader('Content-Disposition', contentDisposition(file.fileName));
    res.setHeader('X-Content-SHA256', file.sha256);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(file.stream, { type: 'application/pdf', length: file.size });
  }
}
