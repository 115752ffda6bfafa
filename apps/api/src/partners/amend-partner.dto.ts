import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { ElectronicAddressDto } from './electronic-address.dto.js';
import { MasterDataFieldsDto } from './partner-master-data.dto.js';

/** `POST /admin/partners/{cc}/{pid}/amendments`: master data from an effective time on. */
export class AmendPartnerDto extends MasterDataFieldsDto {
  @ApiProperty({ example: '2027-01-01T00:00:00Z', description: 'not before now (no retroaction)' })
  @IsDefined()
  @IsString()
  effective_from!: string;

  @ApiPropertyOptional({ example: 'DE123456789' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{2}[0-9A-Za-z+*.]{2,13}$/, {
    message: '$property must be a VAT identifier with its country prefix',
  })
  vat_id?: string;

  @ApiPropertyOptional({ type: ElectronicAddressDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ElectronicAddressDto)
  electronic_address?: ElectronicAddressDto;
}
