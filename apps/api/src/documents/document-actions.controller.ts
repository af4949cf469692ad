import { Body, Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { KysoConfig } from '@kyso/config';
import { DispatchService, IncomingService, IssuingService, OutgoingDraftingService } from '@kyso/documents';
import { type Actor, Role } from '@kyso/org';
import { API_V1 } from '../api-prefix';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { CONFIG } from '../core/tokens';
import { DispatchDto, NoteDto, PresentDto, ReasonDto, RegisterArrivedDto, SignDto } from './dto/document.dto';
import { DispatchResultDto, DocumentDto } from './dto/document-response.dto';
import { UuidParamPipe } from '../http/param-pipes';
import { ApiErrors } from '../http/api-errors.decorator';
import { SendsDeclaredFields } from '../http/response-view';

/** State changes of a document, one endpoint per step of the Decree 30 flows. */
@ApiTags('documents')
@ApiBearerAuth()
@ApiErrors(400, 401, 403, 404, [409, 'The document is not in a state that allows this step (INVALID_STATE)'])
@SendsDeclaredFields()
@UseGuards(AuthGuard)
@Controller(`${API_V1}/documents/:id`)
export class DocumentActionsController {
  constructor(
    @Inject(IncomingService) private readonly incoming: IncomingService,
    @Inject(OutgoingDraftingService) private readonly drafting: OutgoingDraftingService,
    @Inject(IssuingService) private readonly issuing: IssuingService,
    @Inject(DispatchService) private readonly dispatching: DispatchService,
    @Inject(CONFIG) private readonly config: KysoConfig,
  ) {}

  @Post('submit')
  @HttpCode(200)
  @Roles(Role.OFFICER, Role.CLERK, Role.LEADER)
  @ApiOperation({ summary: 'Trình duyệt dự thảo — draft → in review' })
  @ApiOkResponse({ type: DocumentDto })
  submit(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string) {
    return this.drafting.submit(actor, id);
  }

  @Post('return')
  @HttpCode(200)
  @Roles(Role.LEADER)
  @ApiOperation({ summary: 'Trả lại dự thảo để sửa — in review → draft' })
  @ApiOkResponse({ type: DocumentDto })
  returnForRevision(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: NoteDto,
  ) {
    return this.drafting.returnForRevision(actor, id, dto.note);
  }

  @Post('sign')
  @HttpCode(200)
  @Roles(Role.LEADER)
  @ApiOperation({
    summary: 'Lãnh đạo ký — records the leader’s signature (the signed PDF comes as a new version)',
    description:
      'Precondition: the draft has a PDF (uploaded with the draft or as a version); otherwise 400 FILE_REQUIRED.',
  })
  @ApiOkResponse({ type: DocumentDto })
  sign(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: SignDto) {
    return this.drafting.sign(actor, id, dto);
  }

  @Post('seal')
  @HttpCode(200)
  @Roles(Role.CLERK)
  @ApiOperation({ summary: 'Ký số của cơ quan — records the organisation’s signature (issued → sealed)' })
  @ApiOkResponse({ type: DocumentDto })
  seal(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string) {
    return this.issuing.seal(actor, id);
  }

  @Post('dispatch')
  @HttpCode(200)
  @Roles(Role.CLERK)
  @ApiOperation({
    summary: 'Phát hành — internal recipients receive it directly, external ones a download link',
    description:
      'Preconditions: the document has a PDF (400 FILE_REQUIRED) and at least one recipient, given here or ' +
      'with the draft (400 RECIPIENT_INVALID).',
  })
  @ApiOkResponse({
    type: DispatchResultDto,
    description: 'Not idempotency-keyed: the answer carries download tokens, which are never stored',
  })
  async dispatch(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: DispatchDto,
  ) {
    const result = await this.dispatching.dispatch(actor, id, dto);
    const base = this.config.http.publicUrl.replace(/\/$/, '');
    const { downloadTokens, ...rest } = result;
    return {
      ...rest,
      downloadLinks: downloadTokens.map((t) => ({
        recipientId: t.recipientId,
        name: t.name,
        url: `${base}/${API_V1}/public/downloads/${t.token}`,
        expiresAt: t.expiresAt,
      })),
    };
  }

  @Post('cancel')
  @HttpCode(200)
  @Roles(Role.CLERK, Role.LEADER)
  @ApiOperation({ summary: 'Hủy văn bản — an issued number stays taken, with the reason' })
  @ApiOkResponse({ type: DocumentDto })
  cancel(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: ReasonDto) {
    return this.drafting.cancel(actor, id, dto.reason);
  }

  @Post('register')
  @HttpCode(200)
  @Roles(Role.CLERK)
  @ApiOperation({
    summary: 'Vào sổ văn bản đã đến qua hệ thống — 01 arrived → 03 registered (gives the số đến)',
  })
  @ApiOkResponse({ type: DocumentDto })
  registerArrived(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: RegisterArrivedDto,
  ) {
    return this.incoming.registerArrived(actor, id, dto);
  }

  @Post('refuse')
  @HttpCode(200)
  @Roles(Role.CLERK, Role.LEADER)
  @ApiOperation({ summary: 'Từ chối / trả lại văn bản đến — 02 refused' })
  @ApiOkResponse({ type: DocumentDto })
  refuse(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: ReasonDto) {
    return this.incoming.refuse(actor, id, dto.reason);
  }

  @Post('present')
  @HttpCode(200)
  @Roles(Role.CLERK)
  @ApiOperation({ summary: 'Trình lãnh đạo — present a registered document to a leader' })
  @ApiOkResponse({ type: DocumentDto })
  present(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: PresentDto) {
    return this.incoming.present(actor, id, dto.leaderId, dto.note);
  }
}
