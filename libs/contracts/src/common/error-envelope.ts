/** The body of every error answer (API.md "Conventions"), as a class so the OpenAPI document shows it. */
import { ApiProperty } from '@nestjs/swagger';

export class ErrorDetail {
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable code; see API.md' }) code!: string;
  @ApiProperty({ example: 'The request is not valid.', description: 'For a person to read' }) message!: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    example: [{ field: 'country', problem: 'must be a CAREC member code: AZ CN GE KZ KG MN PK TJ TM UZ' }],
    description: 'Field problems for VALIDATION_FAILED; the sanction for ACCOUNT_SUSPENDED / ACCOUNT_EXPELLED',
  })
  details!: unknown[];
}

export class ErrorEnvelope {
  @ApiProperty({ type: ErrorDetail }) error!: ErrorDetail;
  @ApiProperty({ example: '4f1c2b9e-0d7a-4e7b-9c1e-2a6b8f0d1e3c' }) correlationId!: string;
}
