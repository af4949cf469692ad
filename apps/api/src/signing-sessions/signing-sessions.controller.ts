import { Body, Controller, Get, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type PairingInfo } from '@kyso/agent-protocol';
import {
  type CompletedSigning,
  type StartedSigning,
  SigningSessionService,
  type UserCertificateView,
  UserCertificatesService,
} from '@kyso/documents';
import { type Actor, Role } from '@kyso/org';
import { API_V1 } from '../api-prefix';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import {
  CompleteSigningDto,
  CompletedSigningDto,
  PairingInfoDto,
  RegisterCertificateDto,
  StartedSigningDto,
  StartSigningDto,
  UserCertificateDto,
} from './dto/signing-session.dto';
import { PAIRING_INFO } from './signing-sessions.tokens';
import { UuidParamPipe } from '../http/param-pipes';
import { ApiErrors } from '../http/api-errors.decorator';

@ApiTags('signing')
@Controller(API_V1)
export class SigningSessionsController {
  constructor(
    @Inject(SigningSessionService) private readonly sessions: SigningSessionService,
    @Inject(UserCertificatesService) private readonly certificates: UserCertificatesService,
    @Inject(PAIRING_INFO) private readonly pairing: PairingInfo,
  ) {}

  @Post('documents/:id/signing-sessions')
  @UseGuards(AuthGuard)
  @Roles(Role.LEADER)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Prepare a signature with the leader’s own token: returns the bytes to sign and a request token for the agent',
    description:
      'Preconditions: the document is in review and has a PDF (400 FILE_REQUIRED); the certificate chain’s leaf ' +
      'is registered to the caller (POST /users/{id}/certificates) and valid, with a key usage for signing.',
  })
  @ApiCreatedResponse({ type: StartedSigningDto })
  @ApiErrors(400, 401, 403, 404, 409, 503)
  start(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: StartSigningDto,
  ): Promise<StartedSigning> {
    const a = body.appearance;
    return this.sessions.start(actor, id, {
      certificateChain: body.certificateChain.map((c) => Buffer.from(c, 'base64')),
      appearance: a && {
        kind: a.kind,
        pageIndex: a.page ? a.page - 1 : undefined,
        rect: a.rect,
        title: a.title,
      },
    });
  }

  @Post('signing-sessions/:id/complete')
  @UseGuards(AuthGuard)
  @Roles(Role.LEADER)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Embed the token’s signature; repeated calls return the same result' })
  @ApiCreatedResponse({ type: CompletedSigningDto })
  @ApiErrors(
    [400, 'The signature does not verify against the prepared signed attributes'],
    401,
    403,
    [404, 'SESSION_NOT_FOUND'],
    [409, 'The session expired, or the document changed since the session started'],
    503,
  )
  complete(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: CompleteSigningDto,
  ): Promise<CompletedSigning> {
    return this.sessions.complete(actor, id, {
      signature: Buffer.from(body.signature, 'base64'),
      signatureAlgorithm: body.signatureAlgorithm,
    });
  }

  @Get('agent/pairing')
  @ApiOperation({ summary: 'Public key and origin the token agent pins when it pairs with this server' })
  @ApiOkResponse({ type: PairingInfoDto })
  pairingInfo(): PairingInfo {
    return this.pairing;
  }

  @Post('users/:id/certificates')
  @UseGuards(AuthGuard)
  @Roles(Role.ADMIN)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Bind a signing certificate to a user (administrator)' })
  @ApiCreatedResponse({ type: UserCertificateDto })
  @ApiErrors(400, 401, 403, 404, 409)
  register(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: RegisterCertificateDto,
  ): Promise<UserCertificateView> {
    return this.certificates.register(actor, id, Buffer.from(body.certificate, 'base64'));
  }

  @Get('users/:id/certificates')
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signing certificates bound to a user' })
  @ApiOkResponse({ type: UserCertificateDto, isArray: true })
  @ApiErrors(400, 401, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<UserCertificateView[]> {
    return this.certificates.list(actor, id);
  }
}
