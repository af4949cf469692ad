import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  DocumentQueryService,
  DocumentsError,
  DocumentsErrorCode,
  DocumentVersionsService,
  IncomingService,
  IssuingService,
  OutgoingDraftingService,
} from '@kyso/documents';
import { type Actor, Role } from '@kyso/org';
import { API_V1 } from '../api-prefix';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { contentDisposition } from './content-disposition';
import {
  AddVersionDto,
  CreateOutgoingDto,
  RegisterIncomingDto,
  SearchDocumentsQuery,
} from './dto/document.dto';
import {
  DocumentDetailDto,
  DocumentDto,
  DocumentPageDto,
  FileDto,
  IssueResultDto,
} from './dto/document-response.dto';
import { type MulterFile, toUploadedFile, uploadFingerprint } from './uploaded-pdf';
import { IntParamPipe, UuidParamPipe } from '../http/param-pipes';
import { ApiErrors } from '../http/api-errors.decorator';
import { SendsDeclaredFields } from '../http/response-view';

const IDEMPOTENCY = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Retry-safe: the same key replays the first answer; while the first attempt still runs, a retry waits for it ' +
    'or gets 409 IDEMPOTENCY_IN_PROGRESS with Retry-After',
};

@ApiTags('documents')
@ApiBearerAuth()
@ApiExtraModels(RegisterIncomingDto, CreateOutgoingDto)
@ApiErrors(400, 401, 403)
@SendsDeclaredFields()
@UseGuards(AuthGuard)
@Controller(`${API_V1}/documents`)
export class DocumentsController {
  constructor(
    @Inject(IncomingService) private readonly incoming: IncomingService,
    @Inject(OutgoingDraftingService) private readonly drafting: OutgoingDraftingService,
    @Inject(IssuingService) private readonly issuing: IssuingService,
    @Inject(DocumentVersionsService) private readonly versions: DocumentVersionsService,
    @Inject(DocumentQueryService) private readonly queries: DocumentQueryService,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
  ) {}

  @Post('incoming')
  @Roles(Role.CLERK)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Vào sổ văn bản đến — register an incoming document (PDF upload + metadata); gives the số đến',
  })
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    schema: {
      allOf: [
        { $ref: '#/components/schemas/RegisterIncomingDto' },
        { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
      ],
    },
  })
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: DocumentDto })
  @ApiErrors(
    404,
    [
      409,
      'INCOMING_DUPLICATE: the same sender, number/symbol and year is already registered (`error.details.documentId` points at it; send acceptDuplicate=true to register it anyway); IDEMPOTENCY_IN_PROGRESS / IDEMPOTENCY_KEY_REUSED',
    ],
    413,
  )
  registerIncoming(
    @CurrentActor() actor: Actor,
    @Body() dto: RegisterIncomingDto,
    @UploadedFile() file: MulterFile | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.idempotency.run(
      { actor, req, res, fingerprint: { dto, file: uploadFingerprint(file) } },
      (tx) => this.incoming.register(actor, dto, toUploadedFile(file), tx),
    );
  }

  @Post('outgoing')
  @Roles(Role.OFFICER, Role.CLERK, Role.LEADER)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Tạo dự thảo văn bản đi — create an outgoing draft (optional PDF upload)',
    description:
      'The PDF may come later (POST /documents/{id}/versions), but signing (POST /documents/{id}/sign) and ' +
      'dispatch refuse a draft without one: 400 FILE_REQUIRED.',
  })
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    schema: {
      allOf: [
        { $ref: '#/components/schemas/CreateOutgoingDto' },
        { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
      ],
    },
  })
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: DocumentDto })
  @ApiErrors(404, 409, 413)
  createOutgoing(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateOutgoingDto,
    @UploadedFile() file: MulterFile | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.idempotency.run(
      { actor, req, res, fingerprint: { dto, file: uploadFingerprint(file) } },
      (tx) => this.drafting.create(actor, dto, toUploadedFile(file), tx),
    );
  }

  @Get()
  @Roles(Role.CLERK, Role.LEADER, Role.OFFICER)
  @ApiOperation({ summary: 'Tìm kiếm văn bản — search (diacritics and case ignored) and filter' })
  @ApiOkResponse({ type: DocumentPageDto })
  search(@CurrentActor() actor: Actor, @Query() query: SearchDocumentsQuery) {
    return this.queries.search(actor, query);
  }

  @Get(':id')
  @Roles(Role.CLERK, Role.LEADER, Role.OFFICER)
  @ApiOkResponse({ type: DocumentDetailDto })
  @ApiErrors(404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string) {
    return this.queries.get(actor, id);
  }

  @Post(':id/issue')
  @HttpCode(200)
  @Roles(Role.CLERK)
  @ApiOperation({ summary: 'Cấp số, ngày ban hành — issue the number and date of a signed document' })
  @ApiHeader(IDEMPOTENCY)
  @ApiOkResponse({ type: IssueResultDto })
  @ApiErrors(404, 409)
  issue(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.idempotency.run({ actor, req, res, fingerprint: {}, status: 200 }, (tx) =>
      this.issuing.issue(actor, id, tx),
    );
  }

  @Post(':id/versions')
  @Roles(Role.OFFICER, Role.CLERK, Role.LEADER)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Tải lên phiên bản tệp mới (ví dụ bản đã ký) — every version is kept with its SHA-256',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: {
        file: { type: 'string', format: 'binary' },
        kind: { type: 'string', enum: ['draft', 'signed', 'sealed', 'attachment'] },
      },
    },
  })
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: FileDto })
  @ApiErrors(
    [400, 'FILE_REQUIRED (no file), NOT_PDF, or an invalid kind; `fields` names the field'],
    404,
    409,
    413,
  )
  addVersion(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: AddVersionDto,
    @UploadedFile() file: MulterFile | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const upload = toUploadedFile(file);
    if (!upload) throw new DocumentsError(DocumentsErrorCode.FILE_REQUIRED, { fields: ['file'] });
    return this.idempotency.run(
      { actor, req, res, fingerprint: { dto, file: uploadFingerprint(file) } },
      (tx) => this.versions.addVersion(actor, id, upload, dto.kind, tx),
    );
  }

  @Get(':id/files/latest')
  @Roles(Role.CLERK, Role.LEADER, Role.OFFICER)
  @ApiOperation({ summary: 'Tải tệp mới nhất — download the latest file version' })
  @ApiOkResponse({ description: 'The file, with X-Content-SHA256', content: { 'application/pdf': {} } })
  @ApiErrors([404, 'DOCUMENT_NOT_FOUND, or FILE_NOT_FOUND when the document has no file yet'])
  latest(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.download(actor, id, undefined, res);
  }

  @Get(':id/files/:version')
  @Roles(Role.CLERK, Role.LEADER, Role.OFFICER)
  @ApiOperation({ summary: 'Tải một phiên bản tệp — download a file version' })
  @ApiOkResponse({ description: 'The file, with X-Content-SHA256', content: { 'application/pdf': {} } })
  @ApiErrors(404)
  version(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Param('version', new IntParamPipe(1, 2_147_483_647)) version: number,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.download(actor, id, version, res);
  }

  private async download(
    actor: Actor,
    id: string,
    version: number | undefined,
    res: Response,
  ): Promise<StreamableFile> {
    const { file, stream } = await this.versions.open(actor, id, version);
    res.setHeader('Content-Disposition', contentDisposition(file.fileName));
    res.setHeader('X-Content-SHA256', file.sha256);
    return new StreamableFile(stream, { type: file.contentType, length: file.size });
  }
}
