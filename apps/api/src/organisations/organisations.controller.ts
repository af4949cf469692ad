import { Body, Controller, Get, Inject, Param, Patch, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type Actor, OrganisationService, Role } from '@kyso/org';
import { API_V1 } from '../api-prefix';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { CreateOrganisationDto, OrganisationDto, UpdateOrganisationDto } from './dto/organisation.dto';
import { UuidParamPipe } from '../http/param-pipes';
import { ApiErrors } from '../http/api-errors.decorator';

@ApiTags('organisations')
@ApiBearerAuth()
@ApiErrors(400, 401, 403)
@UseGuards(AuthGuard)
@Controller(`${API_V1}/organisations`)
export class OrganisationsController {
  constructor(
    @Inject(OrganisationService) private readonly organisations: OrganisationService,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @Roles(Role.ADMIN)
  @ApiOperation({ summary: 'Tạo cơ quan, tổ chức — create an organisation (system administrator)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiErrors(409)
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateOrganisationDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.idempotency.run({ actor, req, res, fingerprint: dto }, (tx) =>
      this.organisations.create(actor, dto, tx),
    );
  }

  @Get()
  @ApiOperation({ summary: 'Danh sách cơ quan — all for the system administrator, otherwise one’s own' })
  @ApiOkResponse({ type: OrganisationDto, isArray: true })
  list(@CurrentActor() actor: Actor) {
    return this.organisations.list(actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrganisationDto })
  @ApiErrors(404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string) {
    return this.organisations.get(actor, id);
  }

  @Patch(':id')
  @Roles(Role.ADMIN)
  @ApiOperation({ summary: 'Sửa thông tin cơ quan — system administrator or the organisation’s admin' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiErrors(404, 409)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateOrganisationDto,
  ) {
    return this.organisations.update(actor, id, dto);
  }
}
