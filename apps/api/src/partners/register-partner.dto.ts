import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PARTNER_ROLES } from '#partners';
import { ElectronicAddressDto } from './electronic-address.dto.js';
import { MasterDataFieldsDto, OptionalObject } from './partner-master-data.dto.js';

export { ElectronicAddressDto };

export class RegisterPartnerDto extends MasterDataFieldsDto {
  @ApiProperty({ example: 'DE', description: 'ISO-3166 alpha-2 country code of the party' })
  @IsDefined()
  @IsString()
  @Matches(/^[A-Za-z]{2}$/, { message: '$property must be two letters (ISO-3166 alpha-2)' })
  country_code!: string;

  @ApiProperty({ example: 'ABC', description: 'OCPI party id (ISO-15118), 3 characters' })
  @IsDefined()
  @IsString()
  @Matches(/^[A-Za-z0-9]{3}$/, { message: '$property must be 3 letters or digits' })
  party_id!: string;

  @ApiProperty({ enum: PARTNER_ROLES })
  @IsDefined()
  @IsIn(PARTNER_ROLES as unknown as string[], { message: '$property must be CPO, EMSP or HUB' })
  role!: string;

  @ApiProperty({ example: 'Charge Point Operator ABC' })
  @IsDefined()
  @IsString()
  @Length(1, 255)
  name!: string;

  @ApiProperty({ description: "The partner's OCPI token (stored only as a SHA-256 hash)" })
  @IsDefined()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  token!: string;

  @ApiPropertyOptional({
    example: 'DE123456789',
    description: 'VAT identifier (EN 16931 BT-31 / BT-48), needed on reverse-charge invoices',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{2}[0-9A-Za-z+*.]{2,13}$/, {
    message: '$property must be a VAT identifier with its country prefix',
  })
  vat_id?: string;

  @OptionalObject(ElectronicAddressDto)
  electronic_address?: ElectronicAddressDto;
}
