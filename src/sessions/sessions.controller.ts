import { Controller, Delete, Get, HttpCode, HttpStatus, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user.js';
import { CurrentUser } from '../identity/current-user.decorator.js';
import { ApiAuthenticated } from '../common/openapi/api-authenticated.decorator.js';
import { ApiIdParam } from '../common/openapi/api-id-param.decorator.js';
import { SessionDto } from './dto/session.dto.js';
import { SessionsService } from './sessions.service.js';

@ApiTags('sessions')
@Controller('auth/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @ApiAuthenticated()
  @Get()
  @ApiOperation({ summary: "The caller's live sessions, the current one marked" })
  @ApiOkResponse({ type: [SessionDto], description: "The caller's live sessions" })
  listSessions(@CurrentUser() caller: AuthUser): Promise<SessionDto[]> {
    return this.sessions.listForUser(caller.id, caller.sessionId);
  }

  @ApiAuthenticated('not_found')
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: "Ends one of the caller's sessions" })
  @ApiIdParam("The id of one of the caller's sessions (from GET /api/auth/sessions)")
  @ApiNoContentResponse({ description: 'The session is ended; its tokens are refused from now on' })
  revokeSession(@CurrentUser() caller: AuthUser, @Param('id') id: string): Promise<void> {
    return this.sessions.revokeOwn(caller.id, id);
  }
}
