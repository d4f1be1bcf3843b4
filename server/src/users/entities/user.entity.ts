import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

// `type: Date` lets TypeORM pick the portable type (datetime in SQLite, timestamp in PostgreSQL).

export type Role = 'admin' | 'member';
export const ROLES: readonly Role[] = ['admin', 'member'];

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  /** `scrypt$N$r$p$salt$hash`; never leaves the users service. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, select: false })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @Column({ name: 'last_login_at', nullable: true, type: Date })
  lastLoginAt: Date | null;
}
