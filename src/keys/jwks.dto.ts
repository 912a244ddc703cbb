import { ApiProperty } from '@nestjs/swagger';

export class JwksDto {
  /** RFC 7517 JSON Web Keys: the public keys that verify our access tokens. */
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    example: [{ kty: 'EC', crv: 'P-256', x: '…', y: '…', kid: '…', alg: 'ES256', use: 'sig' }],
  })
  keys!: object[];
}
