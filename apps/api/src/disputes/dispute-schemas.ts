import type { ApiBodyOptions } from '@nestjs/swagger';

/** OpenAPI bodies of the dispute routes (validated by libs/disputes `dispute-input.ts`). */
const TOTAL_COST = {
  type: 'object' as const,
  required: ['excl_vat', 'incl_vat'],
  properties: {
    excl_vat: { type: 'string', example: '4.00', description: '>= 0, at most 4 decimals' },
    incl_vat: { type: 'string', example: '4.76', description: '>= excl_vat' },
    currency: { type: 'string', example: 'EUR', description: "optional; must be the CDR's" },
  },
};

export const OPEN_DISPUTE_BODY: ApiBodyOptions = {
  schema: {
    type: 'object',
    required: ['id', 'cdr', 'reason'],
    properties: {
      id: { type: 'string', example: 'DSP-1', description: '1-64 of A-Z a-z 0-9 . _ -' },
      cdr: {
        type: 'object',
        required: ['country_code', 'party_id', 'cdr_id'],
        properties: {
          country_code: { type: 'string', example: 'DE' },
          party_id: { type: 'string', example: 'ABC' },
          cdr_id: { type: 'string', example: 'CDR1' },
        },
      },
      reason: {
        type: 'string',
        enum: ['PRICE', 'ENERGY', 'DUPLICATE', 'VAT', 'NOT_AUTHORIZED', 'OTHER'],
      },
      claimed_total_cost: TOTAL_COST,
      description: { type: 'string', example: 'Parking is free after 18:00 at this site.' },
    },
  },
};

export const EVIDENCE_BODY: ApiBodyOptions = {
  schema: {
    type: 'object',
    required: ['id', 'text'],
    properties: {
      id: { type: 'string', example: 'EV-1' },
      text: { type: 'string', example: 'Photo of the parking sign: free after 18:00.' },
    },
  },
};

export const RESOLUTION_BODY: ApiBodyOptions = {
  schema: {
    type: 'object',
    required: ['outcome'],
    properties: {
      outcome: { type: 'string', enum: ['REJECTED', 'ADJUSTED', 'VOIDED'] },
      total_cost: { ...TOTAL_COST, description: 'only, and required, with ADJUSTED' },
      note: { type: 'string', example: 'Parking removed: the sign says free after 18:00.' },
      driver_refund: {
        type: 'string',
        example: '3.57',
        description:
          "optional, incl. VAT, not with REJECTED: credited to the driver at the eMSP's next " +
          'driver close, referencing the driver invoice',
      },
    },
  },
};
