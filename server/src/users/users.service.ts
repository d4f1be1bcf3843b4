import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { User } from './entities/user.entity';
import { dummyHash, hashPassword, verifyPassword } from './password-hasher';

@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  list(): Promise<User[]> {
    return this.users.find({ order: { id: 'ASC' } });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  async get(id: number): Promise<User> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundException(`User ${id} does not exist`);
    return user;
  }

  findActive(id: number): Promise<User | null> {
    return this.users.findOneBy({ id, active: true });
  }

  async create(dto: CreateUserDto): Promise<User> {
    if (await this.users.existsBy({ username: dto.username })) {
      throw new ConflictException(`Username '${dto.username}' is taken`);
    }
    const user = this.users.create({ username: dto.username, role: dto.role, active: dto.active ?? true, passwordHash: await hashPassword(dto.password), lastLoginAt: null });
    const saved = await this.users.save(user);
    return this.get(saved.id);
  }

  async update(id: number, dto: UpdateUserDto): Promise<User> {
    const user = await this.get(id);
    const losesAdmin = user.role === 'admin' && user.active && (dto.role === 'member' || dto.active === false);
    if (losesAdmin) await this.refuseIfLastAdmin(user, dto.role === 'member' ? 'demote' : 'deactivate');
    const changes: Partial<User> = {};
    if (dto.role !== undefined) changes.role = dto.role;
    if (dto.active !== undefined) changes.active = dto.active;
    if (dto.password !== undefined) changes.passwordHash = await hashPassword(dto.password);
    if (Object.keys(changes).length > 0) await this.users.update({ id }, changes);
    return this.get(id);
  }

  async remove(id: number): Promise<void> {
    const user = await this.get(id);
    if (user.role === 'admin' && user.active) await this.refuseIfLastAdmin(user, 'delete');
    await this.users.delete({ id });
  }

  /**
   * Checks a username/password pair. Unknown users still cost one hash, so response time
   * does not reveal which usernames exist. Inactive users are refused like wrong passwords.
   */
  async verifyCredentials(username: string, password: string): Promise<User | null> {
    const user = await this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.username = :username', { username }).getOne();
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !ok || !user.active) return null;
    await this.users.update({ id: user.id }, { lastLoginAt: new Date() });
    return user;
  }

  private async refuseIfLastAdmin(user: User, action: string): Promise<void> {
    const admins = await this.users.countBy({ role: 'admin', active: true });
    if (admins <= 1) {
      throw new ConflictException(`Cannot ${action} '${user.username}': it is the last active admin. Make another user an admin first.`);
    }
  }
}
