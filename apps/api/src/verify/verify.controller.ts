import {
  Controller,
  HttpCode,
  Inject,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { KysoError } from '@kyso/common';
import type { JsonFileReport } from '@kyso/validation';
import { API_V1 } from '../api-prefix';
import { contentDisposition } from '../documents/content-disposition';
import { type MulterFile, toUploadedFile } from '../documents/uploaded-pdf';
import { VerifyQueryDto } from './dto/verify-query.dto';
import { VerifyReportDto } from './dto/verify-report.dto';
import { VerifyRateLimitGuard } from './verify-rate-limit.guard';
import { VerifyService } from './verify.service';
import { ApiErrors } from '../http/api-errors.decorator';
import { ErrorBody } from '../http/error-body';

/** Public signature verification: anyone who received a PDF can check it, no account needed. */
@ApiTags('verify')
@ApiErrors([400, 'VERIFY_FILE_MISSING (`fields`: file) or an invalid query'])
@Controller(`${API_V1}/verify`)
export class VerifyController {
  constructor(@Inject(VerifyService) private readonly verifier: VerifyService) {}

  @Post()
  @HttpCode(200)
  @UseGuards(VerifyRateLimitGuard)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Kiểm tra chữ ký số PDF — validate the signatures of an uploaded PDF (PAdES, ETSI EN 319 102-1)',
    description:
      'No login. Size limited by KYSO_MAX_UPLOAD_MB, rate limited per client address. `?format=pdf` returns a one-page PDF report.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiOkResponse({
    type: VerifyReportDto,
    description:
      'The JSON report (or application/pdf with format=pdf). A broken PDF is a report with verdict ERROR, not an HTTP error.',
  })
  @ApiPayloadTooLargeResponse({ type: ErrorBody, description: 'PAYLOAD_TOO_LARGE' })
  @ApiTooManyRequestsResponse({ type: ErrorBody, description: 'VERIFY_RATE_LIMITED, with Retry-After' })
  async verify(
    @UploadedFile() file: MulterFile | undefined,
    @Query() query: VerifyQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JsonFileReport | StreamableFile> {
    const upload = toUploadedFile(file);
    if (!upload) {
      throw new KysoError(
        'VERIFY_FILE_MISSING',
        'invalid-input',
        'Upload the PDF in the multipart field "file"',
        'Hãy tải lên tệp PDF trong trường "file"',
        { fields: ['file'] },
      );
    }
    const lang = query.lang ?? 'vi';
    res.setHeader('Cache-Control', 'no-store');
    if (query.format === 'pdf') {
      const pdf = await this.verifier.pdfReport(upload.bytes, upload.fileName, lang);
      const base = upload.fileName.replace(/\.pdf$/i, '');
      res.setHeader(
        'Content-Disposition',
        contentDisposition(`${lang === 'vi' ? 'bao-cao-kiem-tra' : 'validation-report'}-${base}.pdf`),
      );
      return new StreamableFile(pdf, { type: 'application/pdf', length: pdf.length });
    }
    return this.verifier.jsonReport(upload.bytes, upload.fileName, lang);
  }
}
