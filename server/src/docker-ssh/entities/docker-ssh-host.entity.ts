import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * A Docker host reached over SSH. Credentials are stored only as SecretBox ciphertext
 * (`*_enc`) and never leave the service; the API answers `has…` flags instead.
 */
@Entity({ name: 'docker_ssh_hosts' })
export class DockerSshHost {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  name: string;

  @Column({ type: 'varchar', length: 253 })
  host: string;

  @Column({ type: 'integer' })
  port: number;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ name: 'private_key_enc', type: 'text', nullable: true })
  privateKeyEnc: string | null;

  @Column({ name: 'passphrase_enc', type: 'text', nullable: true })
  passphraseEnc: string | null;

  @Column({ name: 'password_enc', type: 'text', nullable: true })
  passwordEnc: string | null;

  /** Another registered host to tunnel through (it may have its own, up to 3 jump hosts in all). */
  @Column({ name: 'jump_host_id', type: 'integer', nullable: true })
  jumpHostId: number | null;

  /** Pinned `SHA256:…` of the server's host key; null until an admin confirms what a test presented. */
  @Column({ name: 'host_key_fingerprint', type: 'varchar', length: 64, nullable: true })
  hostKeyFingerprint: string | null;

  /** Bumped on every save: pooled connections are keyed by it, so an edit is never served by a stale connection. */
  @VersionColumn()
  revision: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
