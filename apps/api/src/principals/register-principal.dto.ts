import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsIn, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { PRINCIPAL_ROLES } from '#principals';

export class RegisterPrincipalDto {
  @ApiProperty({ example: 'handler-1', description: 'Stable id: letters, digits, . _ - (1-64)' })
  @IsDefined()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: '$property must be 1-64 of A-Z a-z 0-9 . _ -' })
  id!: string;

  @ApiProperty({ enum: PRINCIPAL_ROLES })
  @IsDefined()
  @IsIn(PRINCIPAL_ROLES as unknown as string[], {
    message: '$property must be AUDITOR or DISPUTE_HANDLER',
  })
  role!: string;

  @ApiProperty({ example: 'Dana, dispute desk' })
  @IsDefined()
  @IsString()
  @Length(1, 255)
  name!: string;

  @ApiProperty({ description: 'The bearer token of the principal (stored only as SHA-256)' })
  @IsDefined()
  @IsString()
  @MinLength(16)
  @MaxLength(255)
  @Matches(/^\S+$/, { message: '$property must not contain white space' })
  token!: string;
}
