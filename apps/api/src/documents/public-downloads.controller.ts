import { Controller, Get, Inject, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DispatchService } from '@kyso/documents';
import { API_V1 } from '../api-prefix';
import { contentDisposition } from './content-disposition';
import { ApiErrors } from '../http/api-errors.decorator';

/** Download links for external recipients: the token is the credential (32 random bytes, 30 days). */
@ApiTags('documents')
@Controller(`${API_V1}/public/downloads`)
export class PublicDownloadsController {
  constructor(@Inject(DispatchService) private readonly dispatching: DispatchService) {}

  @Get(':token')
  @ApiOperation({ summary: 'Tải văn bản theo đường dẫn đã gửi — download a dispatched document by its link' })
  @ApiOkResponse({ description: 'The PDF, with X-Content-SHA256', content: { 'application/pdf': {} } })
  @ApiErrors([404, 'DOWNLOAD_LINK_INVALID: unknown, expired or recalled link'])
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
