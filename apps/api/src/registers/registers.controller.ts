import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Lang, RegisterExportService, RegisterService } from '@kyso/documents';
import { type Actor, Role } from '@kyso/org';
import { API_V1 } from '../api-prefix';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { Language } from '../i18n/language.decorator';
import { CreateRegisterDto, ExportQuery, ListRegistersQuery, RegisterDto } from './dto/register.dto';
import { UuidParamPipe } from '../http/param-pipes';
import { ApiErrors } from '../http/api-errors.decorator';

@ApiTags('registers')
@ApiBearerAuth()
@ApiErrors(400, 401, 403)
@UseGuards(AuthGuard)
@Controller(`${API_V1}/registers`)
export class RegistersController {
  constructor(
    @Inject(RegisterService) private readonly registers: RegisterService,
    @Inject(RegisterExportService) private readonly exports: RegisterExportService,
  ) {}

  @Post()
  @Roles(Role.ADMIN, Role.CLERK)
  @ApiOperation({ summary: 'Mở sổ văn bản — open a register (kind, series, year)' })
  @ApiCreatedResponse({ type: RegisterDto })
  @ApiErrors(409)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateRegisterDto) {
    return this.registers.create(actor, dto);
  }

  @Get()
  @Roles(Role.ADMIN, Role.CLERK, Role.LEADER)
  @ApiOkResponse({ type: RegisterDto, isArray: true })
  list(@CurrentActor() actor: Actor, @Query() query: ListRegistersQuery) {
    return this.registers.list(actor, query);
  }

  @Get(':id')
  @Roles(Role.ADMIN, Role.CLERK, Role.LEADER)
  @ApiOkResponse({ type: RegisterDto })
  @ApiErrors(404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string) {
    return this.registers.get(actor, id);
  }

  @Get(':id/export')
  @Roles(Role.CLERK, Role.LEADER)
  @ApiOperation({
    summary:
      'Xuất sổ (CSV, XLSX, PDF) với các cột theo Nghị định 30 — headings in Vietnamese unless Accept-Language: en',
  })
  @ApiOkResponse({
    description: 'The register as a file (Content-Disposition: attachment)',
    content: {
      'text/csv': {},
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {},
      'application/pdf': {},
    },
  })
  @ApiErrors(404)
  async export(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: ExportQuery,
    @Language() lang: Lang,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.exports.export(actor, id, query.format, lang);
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    return new StreamableFile(file.body, { type: file.contentType, length: file.body.length });
  }
}
