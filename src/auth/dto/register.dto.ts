import { OmitType } from '@nestjs/swagger';
import { CreateUserDto } from '../../users/dto/create-user.dto.js';

export class RegisterDto extends OmitType(CreateUserDto, ['roles'] as const) {}
