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
  UseGuards,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { BATCH_ROLES, VerificationBatchService, type VerificationBatchView } from '@kyso/archive';
import type { Actor } from '@kyso/org';
import { API_V1 } from '../api-prefix';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { contentDisposition } from '../documents/content-disposition';
import { IdempotencyService } from '../idempotency/idempotency.service';
import {
  CreateVerificationBatchDto,
  ListVerificationBatchesQueryDto,
  VerificationBatchDto,
  VerificationBatchListDto,
} from './dto/verification-batch.dto';
import { VerificationBatchLauncher } from './verification-batch-launcher';
import { UuidParamPipe } from '../http/param-pipes';
import { ApiErrors } from '../http/api-errors.decorator';
import { ErrorBody } from '../http/error-body';

/** Batch re-verification of an organisation's signed documents: start, follow, download the results, cancel. */
@ApiTags('verification-batches')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles(...BATCH_ROLES)
@ApiForbiddenResponse({
  type: ErrorBody,
  description: 'Not the system administrator, nor an admin, clerk or leader of the organisation',
})
@ApiErrors(400, 401)
@Controller(`${API_V1}/verification-batches`)
export class VerificationBatchesController {
  constructor(
    @Inject(VerificationBatchService) private readonly batches: VerificationBatchService,
    @Inject(VerificationBatchLauncher) private readonly launcher: VerificationBatchLauncher,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Kiểm tra lại chữ ký hàng loạt — re-verify every signed document of an organisation in the background',
    description:
      'Starts a batch over the latest signed/sealed/received PDF of every document of the organisation (and, by ' +
      'default, of its predecessors). Poll GET /verification-batches/{id} for progress.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Retry-safe: the same key replays the first answer; while the first attempt still runs, a retry waits ' +
      'for it or gets 409 IDEMPOTENCY_IN_PROGRESS with Retry-After',
  })
  @ApiAcceptedResponse({ type: VerificationBatchDto, description: 'The batch, queued' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'The organisation (organisationId) does not exist' })
  async create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateVerificationBatchDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VerificationBatchView> {
    const batch = await this.idempotency.run({ actor, req, res, fingerprint: dto, status: 202 }, (tx) =>
      this.batches.create(
        actor,
        {
          organisationId: dto.organisationId,
          includePredecessors: dto.includePredecessors,
          at: dto.at === undefined ? undefined : new Date(dto.at),
        },
        tx,
      ),
    );
    // Also for a replayed answer: if the first attempt died before launching, the retry does it.
    await this.launcher.launch(batch.id);
    return batch;
  }

  @Get()
  @ApiOperation({ summary: 'Các lượt kiểm tra — the batches of an organisation, newest first' })
  @ApiOkResponse({ type: VerificationBatchListDto })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListVerificationBatchesQueryDto,
  ): Promise<{ items: VerificationBatchView[] }> {
    return { items: await this.batches.list(actor, query.organisationId, query.limit) };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Tiến độ — state and progress (done/total, percent, counts per verdict, documents/s)',
  })
  @ApiOkResponse({ type: VerificationBatchDto })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'VERIFICATION_BATCH_NOT_FOUND' })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<VerificationBatchView> {
    return this.batches.get(actor, id);
  }

  @Get(':id/results')
  @ApiOperation({
    summary: 'Kết quả — one JSON line per document: its ids, then the same JSON report as POST /verify',
  })
  @ApiOkResponse({
    description: 'One JSON line per document, in completion order',
    content: { 'application/x-ndjson': { schema: { type: 'string' } } },
  })
  @ApiConflictResponse({
    type: ErrorBody,
    description: 'VERIFICATION_BATCH_RESULTS_NOT_READY while the batch has not completed',
  })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'VERIFICATION_BATCH_NOT_FOUND' })
  async results(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { stream } = await this.batches.openResults(actor, id);
    res.setHeader('Content-Disposition', contentDisposition(`kiem-tra-chu-ky-${id}.jsonl`));
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(stream, { type: 'application/x-ndjson; charset=utf-8' });
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Hủy — cancel a queued or running batch (documents in flight finish; no results kept)',
  })
  @ApiOkResponse({ type: VerificationBatchDto })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'VERIFICATION_BATCH_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'VERIFICATION_BATCH_ALREADY_FINISHED' })
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<VerificationBatchView> {
    return this.batches.cancel(actor, id);
  }
}
