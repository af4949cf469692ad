import { Body, Controller, Get, Inject, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { type Actor, Role, UserService } from '@kyso/org';
import { API_V1 } from '../api-prefix';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentActor } from '../auth/current-actor.decorator';
import { UserDto } from '../auth/dto/login.dto';
import { Roles } from '../auth/roles.decorator';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { UuidParamPipe } from '../http/param-pipes';
import { ApiErrors } from '../http/api-errors.decorator';

@ApiTags('organisations')
@ApiBearerAuth()
@ApiErrors(400, 401, 403)
@UseGuards(AuthGuard)
@Controller(`${API_V1}/users`)
export class UsersController {
  constructor(@Inject(UserService) private readonly users: UserService) {}

  @Post()
  @Roles(Role.ADMIN)
  @ApiOperation({ summary: 'Tạo người dùng — create a user with roles (admin)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiErrors(409)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Get()
  @ApiOperation({
    summary: 'Người dùng của cơ quan — members of the caller’s organisation (to pick assignees)',
  })
  @ApiQuery({ name: 'organisationId', required: false, description: 'System administrator only' })
  @ApiOkResponse({ type: UserDto, isArray: true })
  list(@CurrentActor() actor: Actor, @Query('organisationId') organisationId?: string) {
    return this.users.list(actor, organisationId);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string) {
    return this.users.get(actor, id);
  }

  @Patch(':id')
  @Roles(Role.ADMIN)
  @ApiOperation({ summary: 'Sửa người dùng, vai trò, mật khẩu, khóa tài khoản (admin)' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(404, 409)
  update(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }
}
