import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, Length, Matches } from 'class-validator';

/** EN 16931 BT-34 / BT-49: an electronic address with its EAS scheme (Peppol). */
export class ElectronicAddressDto {
  @ApiProperty({ example: '0088', description: 'EAS code of the scheme (e.g. 0088 GLN, 9930)' })
  @IsDefined()
  @IsString()
  @Matches(/^[0-9A-Za-z]{1,10}$/, { message: '$property must be an EAS scheme code' })
  scheme!: string;

  @ApiProperty({ example: '4000001000005' })
  @IsDefined()
  @IsString()
  @Length(1, 255)
  id!: string;
}
