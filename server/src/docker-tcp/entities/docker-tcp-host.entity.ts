import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A Docker engine reached over its HTTP API. TLS material is stored sealed by SecretBox, never in clear. */
@Entity({ name: 'docker_tcp_hosts' })
export class DockerTcpHost {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  name: string;

  /** `tcp://host:port` or `https://host:port`. */
  @Column({ type: 'varchar', length: 300 })
  url: string;

  @Column({ name: 'ca_sealed', type: 'text', nullable: true })
  caSealed: string | null;

  @Column({ name: 'cert_sealed', type: 'text', nullable: true })
  certSealed: string | null;

  @Column({ name: 'key_sealed', type: 'text', nullable: true })
  keySealed: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
