import { Body, Controller, Get, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ArchiveError, ArchiveErrorCode } from '@kyso/archive';
import {
  type Actor,
  LineageError,
  LineageErrorCode,
  LineageService,
  ReorganisationService,
  Role,
  ScheduledReorganisations,
} from '@kyso/org';
import { API_V1 } from '../api-prefix';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ArchiveRunLauncher } from './archive-run-launcher';
import {
  AppliedReorganisationDto,
  ApplyDto,
  ApproveDto,
  ArchiveRunStartedDto,
  AtQuery,
  CodeChangeDto,
  ContinuityDecisionsDto,
  ContinuityPlanDto,
  EventsQuery,
  MergeDto,
  ReorganisationEventDto,
  RenameDto,
  SplitDto,
  UnitTransferDto,
  UserDecisionDto,
} from './dto/reorganisation.dto';
import { ApiErrors } from '../http/api-errors.decorator';
import { AddresseeDto, CodePeriodDto, LineagePredecessorDto, LineageReachedDto } from './dto/lineage.dto';
import { UuidParamPipe } from '../http/param-pipes';

/** Reorganisation events, the continuity dry run and apply, the lineage questions, the augmentation of a ceasing organisation's PDFs. */
@ApiTags('reorganisations')
@ApiBearerAuth()
@ApiExtraModels(UserDecisionDto)
@ApiErrors(400, 401, 403)
@UseGuards(AuthGuard)
@Roles(Role.ADMIN)
@Controller(`${API_V1}/reorganisations`)
export class ReorganisationController {
  constructor(
    @Inject(LineageService) private readonly lineage: LineageService,
    @Inject(ReorganisationService) private readonly continuity: ReorganisationService,
    @Inject(ArchiveRunLauncher) private readonly archive: ArchiveRunLauncher,
    @Inject(ScheduledReorganisations) private readonly scheduled: ScheduledReorganisations,
  ) {}

  @Post('merge')
  @ApiOperation({ summary: 'Sáp nhập — A, B → C from an effective date (system administrator)' })
  @ApiCreatedResponse({ type: ReorganisationEventDto })
  @ApiErrors(
    [404, 'An organisation or unit it names does not exist'],
    [409, 'It contradicts the recorded lineage (e.g. an organisation that has already ceased)'],
  )
  merge(@CurrentActor() actor: Actor, @Body() dto: MergeDto) {
    return this.lineage.recordMerge(actor, dto);
  }

  @Post('split')
  @ApiOperation({ summary: 'Chia tách — A → B, C from an effective date' })
  @ApiCreatedResponse({ type: ReorganisationEventDto })
  @ApiErrors(
    [404, 'An organisation or unit it names does not exist'],
    [409, 'It contradicts the recorded lineage (e.g. an organisation that has already ceased)'],
  )
  split(@CurrentActor() actor: Actor, @Body() dto: SplitDto) {
    return this.lineage.recordSplit(actor, dto);
  }

  @Post('rename')
  @ApiOperation({ summary: 'Đổi tên cơ quan from an effective date' })
  @ApiCreatedResponse({ type: ReorganisationEventDto })
  @ApiErrors(
    [404, 'An organisation or unit it names does not exist'],
    [409, 'It contradicts the recorded lineage (e.g. an organisation that has already ceased)'],
  )
  rename(@CurrentActor() actor: Actor, @Body() dto: RenameDto) {
    return this.lineage.recordRename(actor, dto);
  }

  @Post('code-change')
  @ApiOperation({ summary: 'Đổi mã định danh; the old code keeps routing to the organisation' })
  @ApiCreatedResponse({ type: ReorganisationEventDto })
  @ApiErrors(
    [404, 'An organisation or unit it names does not exist'],
    [409, 'It contradicts the recorded lineage (e.g. an organisation that has already ceased)'],
  )
  changeCode(@CurrentActor() actor: Actor, @Body() dto: CodeChangeDto) {
    return this.lineage.recordCodeChange(actor, dto);
  }

  @Post('unit-transfer')
  @ApiOperation({ summary: 'Điều chuyển đơn vị to another organisation' })
  @ApiCreatedResponse({ type: ReorganisationEventDto })
  @ApiErrors(
    [404, 'An organisation or unit it names does not exist'],
    [409, 'It contradicts the recorded lineage (e.g. an organisation that has already ceased)'],
  )
  transferUnit(@CurrentActor() actor: Actor, @Body() dto: UnitTransferDto) {
    return this.lineage.recordUnitTransfer(actor, dto);
  }

  @Get()
  @ApiOkResponse({ type: ReorganisationEventDto, isArray: true })
  list(@Query() query: EventsQuery) {
    return this.lineage.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ReorganisationEventDto })
  @ApiErrors(404)
  get(@Param('id', UuidParamPipe) id: string) {
    return this.lineage.get(id);
  }

  @Post(':id/plan')
  @ApiOperation({ summary: 'Chạy thử — what the continuity would do with these decisions; nothing changes' })
  @ApiCreatedResponse({ type: ContinuityPlanDto })
  @ApiErrors(404, 409)
  plan(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() decisions: ContinuityDecisionsDto,
  ) {
    return this.continuity.plan(actor, id, decisions);
  }

  @Post(':id/apply')
  @ApiOperation({
    summary:
      'Thực hiện — carry out the confirmed plan in one transaction (refused if the work changed since)',
  })
  @ApiCreatedResponse({ type: AppliedReorganisationDto })
  @ApiErrors(404, [
    409,
    'The plan changed since the dry run (planHash differs), or the event is already applied',
  ])
  async apply(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: ApplyDto) {
    const result = await this.continuity.apply(actor, id, dto.decisions, dto.planHash);
    return { event: result.event, counts: result.counts };
  }

  @Post(':id/approve')
  @ApiOperation({
    summary:
      'Phê duyệt trước — approve the dry-run plan ahead; the scheduler applies it at 00:00 Vietnam time on the ' +
      'effective date (re-planning if the work changed, holding it if the plan no longer applies)',
  })
  @ApiCreatedResponse({ type: ReorganisationEventDto })
  @ApiErrors(404, [
    409,
    'The plan changed since the dry run (planHash differs), the plan has problems, or the event is not planned',
  ])
  approve(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: ApproveDto) {
    return this.scheduled.approve(actor, id, {
      decisions: dto.decisions,
      planHash: dto.planHash,
      applyAt: dto.applyAt ? new Date(dto.applyAt) : undefined,
    });
  }

  @Post(':id/augmentation')
  @ApiOperation({
    summary: 'Nâng B-LTA — start the augmentation of every signed PDF of the organisations that cease',
  })
  @ApiCreatedResponse({ type: ArchiveRunStartedDto })
  @ApiErrors(404, 409)
  async augment(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string) {
    const run = await this.archive.service().startRunForEvent(id, { createdBy: actor.userId });
    return this.archive.launch(run);
  }
}

/** Lineage questions any member may ask (e.g. where to send a letter), and the archive's progress reports. */
@ApiTags('lineage')
@ApiBearerAuth()
@ApiErrors(400, 401, 403, [404, 'No organisation, code or run with this reference'])
@UseGuards(AuthGuard)
@Controller(API_V1)
export class LineageController {
  constructor(
    @Inject(LineageService) private readonly lineage: LineageService,
    @Inject(ArchiveRunLauncher) private readonly archive: ArchiveRunLauncher,
  ) {}

  @Get('lineage/:ref/successors')
  @ApiOperation({
    summary: 'Đơn vị kế thừa — who holds the records of an organisation (id or code) on a date',
  })
  @ApiOkResponse({ type: LineageReachedDto, isArray: true })
  successors(@Param('ref') ref: string, @Query() query: AtQuery) {
    return this.lineage.successors(ref, query.at ?? new Date());
  }

  @Get('lineage/:ref/predecessors')
  @ApiOkResponse({ type: LineagePredecessorDto, isArray: true })
  predecessors(@Param('ref') ref: string) {
    return this.lineage.predecessors(ref);
  }

  @Get('lineage/codes/:code')
  @ApiOperation({ summary: 'Lịch sử mã định danh — who held a code, and who holds those records today' })
  @ApiOkResponse({ type: CodePeriodDto, isArray: true })
  codeHistory(@Param('code') code: string) {
    return this.lineage.codeHistory(code);
  }

  @Get('lineage/:ref/addressee')
  @ApiOperation({ summary: 'Where an item addressed to this organisation (id or code) goes on a date' })
  @ApiOkResponse({ type: AddresseeDto })
  @ApiErrors([404, 'LINEAGE_ORGANISATION_NOT_FOUND: no organisation holds or held this id or code'])
  async addressee(@Param('ref') ref: string, @Query() query: AtQuery) {
    const found = await this.lineage.resolveAddressee(ref, query.at ?? new Date());
    // A code nobody holds or held is not an empty answer.
    if (!found) throw new LineageError(LineageErrorCode.ORGANISATION_NOT_FOUND, { ref });
    return found;
  }

  @Get('archive/runs/:id')
  @Roles(Role.ADMIN)
  @ApiOperation({
    summary: 'Tiến độ — progress and final report of an archive run (augmented, fine, failed and why)',
  })
  run(@Param('id', UuidParamPipe) id: string) {
    return this.archive.service().report(id);
  }

  @Get('archive/due')
  @Roles(Role.ADMIN)
  @ApiOperation({ summary: 'Documents whose archive timestamp must be renewed by a date' })
  due(@Query() query: AtQuery) {
    if (!this.archive.renewal) throw new ArchiveError(ArchiveErrorCode.TSA_REQUIRED);
    return this.archive.renewal.due(query.at ? new Date(`${query.at}T23:59:59Z`) : new Date());
  }
}
