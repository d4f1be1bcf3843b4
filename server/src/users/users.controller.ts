import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { IdParamPipe } from '../common/pipes/id-param.pipe';
import { Authenticated } from '../common/decorators/authenticated.decorator';
import { ErrorResponseDto } from '../common/dto/error-response.dto';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserResponseDto } from './dto/user-response.dto';
import { UsersService } from './users.service';


@ApiTags('users')
@Authenticated({ admin: true })
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Every user (admin). */
  @Get()
  async list(): Promise<UserResponseDto[]> {
    return (await this.users.list()).map(UserResponseDto.from);
  }

  /** One user (admin). */
  @Get(':id')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('id', IdParamPipe) id: number): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.get(id));
  }

  /** Creates a user (admin). */
  @Post()
  @ApiConflictResponse({ description: 'The username is taken.', type: ErrorResponseDto })
  async create(@Body() dto: CreateUserDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.create(dto));
  }

  /** Changes role, active flag or password (admin). The last active admin cannot be demoted or deactivated. */
  @Patch(':id')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'Would leave no active admin.', type: ErrorResponseDto })
  async update(@Param('id', IdParamPipe) id: number, @Body() dto: UpdateUserDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.update(id, dto));
  }

  /** Deletes a user (admin). The last active admin cannot be deleted. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'Would leave no active admin.', type: ErrorResponseDto })
  async remove(@Param('id', IdParamPipe) id: number): Promise<void> {
    await this.users.remove(id);
  }
}
