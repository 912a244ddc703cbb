import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../identity/public.decorator.js';
import { ApiClientErrors } from '../common/openapi/api-errors.decorator.js';
import { JwksDto } from './jwks.dto.js';
import { SigningKeys } from './signing-keys.js';

@ApiTags('keys')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeys) {}

  @Public()
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Public keys that verify access tokens (empty for HS256)' })
  @ApiOkResponse({
    type: JwksDto,
    description: 'The JSON Web Key Set (RFC 7517) of the keys that currently verify',
  })
  @ApiClientErrors()
  getJwks(): JwksDto {
    return { keys: this.keys.publicJwks() };
  }
}
