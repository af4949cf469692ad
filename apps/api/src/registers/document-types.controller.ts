import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DocumentTypeService } from '@kyso/documents';
import { API_V1 } from '../api-prefix';
import { AuthGuard } from '../auth/auth.guard';
import { DocumentTypeDto } from './dto/register.dto';
import { ApiErrors } from '../http/api-errors.decorator';

@ApiTags('registers')
@ApiBearerAuth()
@ApiErrors(401)
@UseGuards(AuthGuard)
@Controller(`${API_V1}/document-types`)
export class DocumentTypesController {
  constructor(@Inject(DocumentTypeService) private readonly types: DocumentTypeService) {}

  @Get()
  @ApiOperation({ summary: 'Loại văn bản và chữ viết tắt (Nghị định 30/2020/NĐ-CP, Phụ lục III)' })
  @ApiOkResponse({ type: DocumentTypeDto, isArray: true })
  list() {
    return this.types.list();
  }
}
