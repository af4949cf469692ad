import {
  Body,
  Controller,
  Inject,
  Post,
  StreamableFile,
  UploadedFiles,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { KysoError } from '@kyso/common';
import { type Actor, Role } from '@kyso/org';
import { API_V1 } from '../api-prefix';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { SignRequestDto } from './dto/sign-request.dto';
import { SealSigningService } from './seal-signing.service';
import { ApiErrors } from '../http/api-errors.decorator';

@ApiTags('signing')
@ApiBearerAuth()
@Controller(API_V1)
@UseGuards(AuthGuard)
export class SignController {
  constructor(@Inject(SealSigningService) private readonly signing: SealSigningService) {}

  @Post('sign')
  @Roles(Role.CLERK)
  @ApiOperation({ summary: "Apply the organisation's seal signature (HSM / seal token) to a PDF" })
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({
    description: 'the signed PDF (the original bytes followed by incremental updates)',
    content: { 'application/pdf': {} },
  })
  @ApiErrors([400, 'VALIDATION_FAILED (`file` missing), NOT_PDF or an unusable PDF'], 401, 403, 413, 422, 503)
  @UseInterceptors(
    FileFieldsInterceptor([
      { name: 'file', maxCount: 1 },
      { name: 'image', maxCount: 1 },
    ]),
  )
  async sign(
    @CurrentActor() actor: Actor,
    @UploadedFiles() files: { file?: Express.Multer.File[]; image?: Express.Multer.File[] },
    @Body() body: SignRequestDto,
  ): Promise<StreamableFile> {
    const pdf = files?.file?.[0];
    if (!pdf)
      throw new KysoError(
        'VALIDATION_FAILED',
        'invalid-input',
        'field "file" (the PDF) is required',
        'Cần tải lên tệp PDF (trường "file")',
        { fields: ['file'] },
      );
    const signed = await this.signing.sign(actor, pdf.buffer, body, files.image?.[0]?.buffer);
    return new StreamableFile(signed, {
      type: 'application/pdf',
      disposition: 'attachment; filename="signed.pdf"',
    });
  }
}
