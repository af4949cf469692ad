import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'vanthu.tanphu' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  username: string;

  @ApiProperty({ example: 'mật-khẩu-dài', format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) organisationId: string | null;
  @ApiProperty({ nullable: true, type: String }) unitId: string | null;
  @ApiProperty() username: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ enum: ['admin', 'clerk', 'leader', 'officer'], isArray: true }) roles: string[];
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: Date;
}

export class TokenDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn: number;
  @ApiProperty({ type: UserDto }) user: UserDto;
}
