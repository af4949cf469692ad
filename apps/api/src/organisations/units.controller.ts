import { Body, Controller, Get, Inject, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { type Actor, Role, UnitService } from '@kyso/org';
import { API_V1 } from '../api-prefix';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { CreateUnitDto, UnitDto, UpdateUnitDto } from './dto/unit.dto';
import { UuidParamPipe } from '../http/param-pipes';
import { ApiErrors } from '../http/api-errors.decorator';

@ApiTags('organisations')
@ApiBearerAuth()
@ApiErrors(400, 401, 403)
@UseGuards(AuthGuard)
@Controller(`${API_V1}/units`)
export class UnitsController {
  constructor(@Inject(UnitService) private readonly units: UnitService) {}

  @Post()
  @Roles(Role.ADMIN)
  @ApiOperation({ summary: 'Tạo đơn vị (phòng/ban) — create a unit' })
  @ApiCreatedResponse({ type: UnitDto })
  @ApiErrors(409)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUnitDto) {
    return this.units.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Đơn vị của cơ quan — units of the caller’s organisation' })
  @ApiQuery({ name: 'organisationId', required: false, description: 'System administrator only' })
  @ApiOkResponse({ type: UnitDto, isArray: true })
  list(@CurrentActor() actor: Actor, @Query('organisationId') organisationId?: string) {
    return this.units.list(actor, organisationId);
  }

  @Patch(':id')
  @Roles(Role.ADMIN)
  @ApiOkResponse({ type: UnitDto })
  @ApiErrors(404, 409)
  update(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: UpdateUnitDto) {
    return this.units.update(actor, id, dto);
  }
}
