import { Body, Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { KysoConfig } from '@kyso/config';
import { type Actor, UserService } from '@kyso/org';
import { API_V1 } from '../api-prefix';
import { CONFIG } from '../core/tokens';
import { claimsOf } from './access-token';
import { AuthGuard } from './auth.guard';
import { CurrentActor } from './current-actor.decorator';
import { LoginDto, TokenDto, UserDto } from './dto/login.dto';
import { ApiErrors } from '../http/api-errors.decorator';

@ApiTags('auth')
@Controller(`${API_V1}/auth`)
export class AuthController {
  constructor(
    @Inject(UserService) private readonly users: UserService,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(CONFIG) private readonly config: KysoConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOperation({ summary: 'Đăng nhập — sign in with user name and password; returns a bearer token' })
  @ApiOkResponse({ type: TokenDto })
  @ApiErrors(400, [401, 'Wrong user name or password, or a disabled account'], 429)
  async login(@Body() dto: LoginDto): Promise<TokenDto> {
    const user = await this.users.authenticate(dto.username, dto.password);
    const actor: Actor = {
      userId: user.id,
      organisationId: user.organisationId,
      unitId: user.unitId,
      roles: user.roles,
    };
    const accessToken = await this.jwt.signAsync({ ...claimsOf(actor) });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.auth.jwtTtlSeconds, user };
  }

  @Get('me')
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Người dùng hiện tại — the signed-in user' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(401)
  me(@CurrentActor() actor: Actor): Promise<UserDto> {
    return this.users.get(actor, actor.userId);
  }
}
