import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, isSystemAdmin, OrgError, OrgErrorCode, Role } from '@kyso/org';
import { ApiErrors } from '../http/api-errors.decorator';
import { API_V1 } from '../api-prefix';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ScheduleDto } from './dto/schedule.dto';
import { ScheduleReport } from './schedule.service';

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles(Role.ADMIN)
@Controller(`${API_V1}/admin/schedule`)
export class ScheduleController {
  constructor(@Inject(ScheduleReport) private readonly report: ScheduleReport) {}

  @Get()
  @ApiOperation({
    summary:
      'Lịch chạy — last and next run of every scheduled job, and held reorganisations (system administrator)',
  })
  @ApiOkResponse({ type: ScheduleDto })
  @ApiErrors(401, 403)
  get(@CurrentActor() actor: Actor): Promise<ScheduleDto> {
    if (!isSystemAdmin(actor)) throw new OrgError(OrgErrorCode.FORBIDDEN);
    return this.report.full();
  }
}
