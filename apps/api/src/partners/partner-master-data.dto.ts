import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { PAYMENT_MEANS_CODES } from '#partners';
import { ElectronicAddressDto } from './electronic-address.dto.js';

/** An optional nested object of the body, validated as its DTO and documented as such. */
export function OptionalObject(type: new () => object): PropertyDecorator {
  return (target, key) => {
    for (const decorator of [
      ApiPropertyOptional({ type }),
      IsOptional(),
      IsObject(),
      ValidateNested(),
      Type(() => type),
    ]) {
      decorator(target, key);
    }
  };
}

/**
 * The master data of a partner's documents (issue 18), optional at registration and amendable.
 * Shapes are checked here; identifiers by their schemes' rules in libs/partners
 * (`masterDataProblem`): both answer 400 naming the field.
 */
export class PostalAddressDto {
  @ApiProperty({ example: 'Hauptstraße 1' })
  @IsDefined()
  @IsString()
  @Length(1, 255)
  street!: string;

  @ApiPropertyOptional({ example: 'Gebäude B' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  additional_street?: string;

  @ApiProperty({ example: 'Berlin' })
  @IsDefined()
  @IsString()
  @Length(1, 255)
  city!: string;

  @ApiProperty({ example: '10115' })
  @IsDefined()
  @IsString()
  @Length(1, 20)
  post_code!: string;

  @ApiPropertyOptional({ example: 'BE', description: 'Country subdivision (BT-39 / BT-54)' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  country_subdivision?: string;

  @ApiProperty({ example: 'DE', description: 'ISO 3166-1 alpha-2' })
  @IsDefined()
  @IsString()
  @Matches(/^[A-Za-z]{2}$/, { message: '$property must be an ISO 3166-1 alpha-2 country code' })
  country!: string;
}

export class ContactDto {
  @ApiPropertyOptional({ example: 'Accounts receivable' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  name?: string;

  @ApiPropertyOptional({ example: 'billing@example.com' })
  @IsOptional()
  @IsString()
  @Length(3, 255)
  email?: string;

  @ApiPropertyOptional({ example: '+49 30 1234567' })
  @IsOptional()
  @IsString()
  @Length(4, 30)
  phone?: string;
}

export class PaymentDetailsDto {
  @ApiProperty({ example: 'DE89370400440532013000', description: 'IBAN (spaces are ignored)' })
  @IsDefined()
  @IsString()
  @Length(5, 42)
  iban!: string;

  @ApiPropertyOptional({ example: 'COBADEFFXXX' })
  @IsOptional()
  @IsString()
  @Length(8, 11)
  bic?: string;

  @ApiPropertyOptional({ enum: PAYMENT_MEANS_CODES, default: '58', description: 'UNTDID 4461' })
  @IsOptional()
  @IsIn(PAYMENT_MEANS_CODES as unknown as string[], {
    message: `$property must be one of ${PAYMENT_MEANS_CODES.join(', ')} (UNTDID 4461)`,
  })
  means_code?: string;

  @ApiPropertyOptional({ example: 'Charge & Go GmbH' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  account_name?: string;
}

/** The fields of a registration or an amendment that are master data (all optional). */
export class MasterDataFieldsDto {
  @OptionalObject(PostalAddressDto)
  postal_address?: PostalAddressDto;

  @OptionalObject(ContactDto)
  contact?: ContactDto;

  @OptionalObject(PaymentDetailsDto)
  payment?: PaymentDetailsDto;

  @ApiPropertyOptional({
    type: ElectronicAddressDto,
    description: 'Legal registration id (BT-30 / BT-47) with its scheme: 0106 KvK, 0190 OIN ...',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ElectronicAddressDto)
  legal_registration?: ElectronicAddressDto;

  @ApiPropertyOptional({ description: 'Buyer reference (BT-10) on documents to this partner' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  buyer_reference?: string;
}
