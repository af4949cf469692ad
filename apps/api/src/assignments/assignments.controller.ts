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
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AssignmentService } from '@kyso/documents';
import { type Actor, Role } from '@kyso/org';
import { API_V1 } from '../api-prefix';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { IdempotencyService } from '../idempotency/idempotency.service';
import {
  AssignDto,
  AssignedDto,
  AssignmentListItemDto,
  ListAssignmentsQuery,
  ProgressDto,
  ProgressedDto,
} from './dto/assignment.dto';
import { UuidParamPipe } from '../http/param-pipes';
import { ApiErrors } from '../http/api-errors.decorator';
import { SendsDeclaredFields } from '../http/response-view';

@ApiTags('assignments')
@ApiBearerAuth()
@ApiErrors(400, 401, 403)
@SendsDeclaredFields()
@UseGuards(AuthGuard)
@Controller(API_V1)
export class AssignmentsController {
  constructor(
    @Inject(AssignmentService) private readonly assignments: AssignmentService,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
  ) {}

  @Post('documents/:id/assignments')
  @Roles(Role.LEADER)
  @ApiOperation({
    summary: 'Phân công xử lý — lead, coordinating and for-information assignees, instruction, deadline',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: AssignedDto, description: 'The document (status 04) and its assignments' })
  @ApiErrors(404, 409)
  assign(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: AssignDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.idempotency.run({ actor, req, res, fingerprint: dto }, (tx) =>
      this.assignments.assign(actor, id, dto, tx),
    );
  }

  @Post('assignments/:id/progress')
  @HttpCode(200)
  @Roles(Role.OFFICER, Role.LEADER, Role.CLERK)
  @ApiOperation({ summary: 'Cập nhật tiến độ / hoàn thành — progress note or completion by the assignee' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({
    type: ProgressedDto,
    description: 'The assignment and the document (05 in progress, 06 done)',
  })
  @ApiErrors(404, 409)
  progress(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ProgressDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.idempotency.run({ actor, req, res, fingerprint: dto, status: 200 }, (tx) =>
      this.assignments.progress(actor, id, dto, tx),
    );
  }

  @Get('assignments')
  @Roles(Role.OFFICER, Role.LEADER, Role.CLERK)
  @ApiOperation({ summary: 'Theo dõi hạn xử lý — open assignments, overdue or due soon' })
  @ApiOkResponse({
    type: AssignmentListItemDto,
    isArray: true,
    description: 'Assignments with their document and days left',
  })
  list(@CurrentActor() actor: Actor, @Query() query: ListAssignmentsQuery) {
    return this.assignments.list(actor, query);
  }
}
