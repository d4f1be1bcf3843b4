import { ConflictException, Injectable, NotFoundException, PreconditionFailedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { invalidRequest } from '../common/pipes/validation';
import { SecretBox } from '../secrets/secret-box.service';
import { CreateDockerSshHostDto } from './dto/create-docker-ssh-host.dto';
import { UpdateDockerSshHostDto } from './dto/update-docker-ssh-host.dto';
import { DockerSshHost } from './entities/docker-ssh-host.entity';
import { ChainError, chainProblemAfter, connectionPath } from './host-chain';
import { SshConnectionPool } from './ssh-connection-pool';
import { privateKeyProblem, type SshHop } from './ssh.client';

/** Everything needed to reach one host: its hops (decrypted, jump hosts first) and a pool key. */
export interface ResolvedRoute {
  host: DockerSshHost;
  hops: SshHop[];
  /** Changes whenever any host on the path is edited, so a pooled connection never outlives its settings. */
  poolKey: string;
  /** Every host id on the path, jump hosts first. */
  pathIds: number[];
}

/** The registry of SSH hosts: validation, jump chains, credentials sealed with SecretBox. */
@Injectable()
export class DockerSshHostsService {
  constructor(
    @InjectRepository(DockerSshHost) private readonly hosts: Repository<DockerSshHost>,
    private readonly secrets: SecretBox,
    private readonly pool: SshConnectionPool,
  ) {}

  list(): Promise<DockerSshHost[]> {
    return this.hosts.find({ order: { name: 'ASC' } });
  }

  async get(id: number): Promise<DockerSshHost> {
    const host = await this.hosts.findOneBy({ id });
    if (!host) throw new NotFoundException(`SSH host ${id} does not exist`);
    return host;
  }

  async create(dto: CreateDockerSshHostDto): Promise<DockerSshHost> {
    await this.refuseTakenName(dto.name);
    checkCredentials(dto.privateKey, dto.passphrase, dto.password);
    await this.refuseBadChain({ id: -1, name: dto.name, jumpHostId: dto.jumpHostId ?? null });
    const saved = await this.hosts.save(
      this.hosts.create({
        name: dto.name,
        host: dto.host,
        port: dto.port ?? 22,
        username: dto.username,
        privateKeyEnc: this.secrets.encryptOptional(dto.privateKey),
        passphraseEnc: this.secrets.encryptOptional(dto.passphrase),
        passwordEnc: this.secrets.encryptOptional(dto.password),
        jumpHostId: dto.jumpHostId ?? null,
        hostKeyFingerprint: dto.hostKeyFingerprint ?? null,
      }),
    );
    return this.get(saved.id);
  }

  async update(id: number, dto: UpdateDockerSshHostDto): Promise<DockerSshHost> {
    const host = await this.get(id);
    if (dto.name !== undefined && dto.name !== host.name) await this.refuseTakenName(dto.name);

    // Credentials after the change: undefined keeps the stored one, null clears it.
    const keep = (next: string | null | undefined, sealed: string | null) => (next === undefined ? this.secrets.decryptOptional(sealed) : next ?? undefined);
    const privateKey = keep(dto.privateKey, host.privateKeyEnc);
    // A passphrase belongs to its key: replacing or clearing the key drops the old one.
    const passphraseChange = dto.passphrase !== undefined ? dto.passphrase : dto.privateKey !== undefined ? null : undefined;
    const passphrase = keep(passphraseChange, host.passphraseEnc);
    const password = keep(dto.password, host.passwordEnc);
    checkCredentials(privateKey, passphrase, password);

    const jumpHostId = dto.jumpHostId === undefined ? host.jumpHostId : dto.jumpHostId;
    await this.refuseBadChain({ id, name: dto.name ?? host.name, jumpHostId });

    const moved = (dto.host !== undefined && dto.host !== host.host) || (dto.port !== undefined && dto.port !== host.port);
    const fingerprint = dto.hostKeyFingerprint !== undefined ? dto.hostKeyFingerprint : moved ? null : host.hostKeyFingerprint;

    Object.assign(host, {
      name: dto.name ?? host.name,
      host: dto.host ?? host.host,
      port: dto.port ?? host.port,
      username: dto.username ?? host.username,
      privateKeyEnc: dto.privateKey === undefined ? host.privateKeyEnc : this.secrets.encryptOptional(dto.privateKey),
      passphraseEnc: passphraseChange === undefined ? host.passphraseEnc : this.secrets.encryptOptional(passphraseChange),
      passwordEnc: dto.password === undefined ? host.passwordEnc : this.secrets.encryptOptional(dto.password),
      jumpHostId,
      hostKeyFingerprint: fingerprint,
    });
    await this.hosts.save(host);
    // Connections through this host (as target or jump host) were opened with the old settings.
    this.pool.evict(id);
    return this.get(id);
  }

  async remove(id: number): Promise<void> {
    const host = await this.get(id);
    const dependents = await this.hosts.find({ where: { jumpHostId: id }, order: { name: 'ASC' } });
    if (dependents.length > 0) {
      throw new ConflictException(`'${host.name}' is the jump host of ${dependents.map((d) => `'${d.name}'`).join(', ')}; change or delete those first`);
    }
    await this.hosts.delete({ id });
    this.pool.evict(id);
  }

  /**
   * The decrypted path to a host. With `requirePinned`, every host on it must have a confirmed
   * fingerprint (412 otherwise, before anything touches the network); the connection test
   * passes false for the target alone, to learn its key.
   */
  async route(id: number, requirePinned: 'all' | 'jump-hosts'): Promise<ResolvedRoute> {
    // One query: the registry is small, and the whole chain is needed anyway.
    const all = await this.hosts.find();
    const target = all.find((h) => h.id === id);
    if (!target) throw new NotFoundException(`SSH host ${id} does not exist`);
    let path: DockerSshHost[];
    try {
      const byId = new Map(all.map((h) => [h.id, h]));
      path = connectionPath(byId, id).map((n) => byId.get(n.id)!);
    } catch (error) {
      if (error instanceof ChainError) throw new ConflictException(`${error.message}; fix the jump host settings`);
      throw error;
    }
    for (const hop of path) {
      if (hop.hostKeyFingerprint !== null || (hop.id === id && requirePinned === 'jump-hosts')) continue;
      const role = hop.id === id ? 'its' : `the jump host '${hop.name}' (id ${hop.id}) whose`;
      throw new PreconditionFailedException(
        `No command runs on '${target.name}' until ${role} host key is confirmed: run POST /api/docker-ssh/hosts/${hop.id}/test, ` +
          `compare the presented fingerprint with \`ssh-keygen -lf\` on the host, and save it with PATCH /api/docker-ssh/hosts/${hop.id} {"hostKeyFingerprint": "SHA256:…"}`,
      );
    }
    return {
      host: target,
      hops: path.map((h) => this.hop(h)),
      poolKey: path.map((h) => `${h.id}@${h.revision}`).join('>'),
      pathIds: path.map((h) => h.id),
    };
  }

  private hop(host: DockerSshHost): SshHop {
    return {
      label: `'${host.name}' (${host.username}@${host.host}:${host.port})`,
      host: host.host,
      port: host.port,
      username: host.username,
      privateKey: this.secrets.decryptOptional(host.privateKeyEnc),
      passphrase: this.secrets.decryptOptional(host.passphraseEnc),
      password: this.secrets.decryptOptional(host.passwordEnc),
      fingerprint: host.hostKeyFingerprint,
    };
  }

  private async refuseTakenName(name: string): Promise<void> {
    if (await this.hosts.existsBy({ name })) throw new ConflictException(`An SSH host named '${name}' exists already`);
  }

  private async refuseBadChain(changed: { id: number; name: string; jumpHostId: number | null }): Promise<void> {
    if (changed.jumpHostId === null) return;
    const all = await this.hosts.find({ select: { id: true, name: true, jumpHostId: true } });
    if (!all.some((h) => h.id === changed.jumpHostId)) {
      throw invalidRequest([{ path: 'jumpHostId', message: `jump host ${changed.jumpHostId} does not exist` }]);
    }
    const problem = chainProblemAfter(all, changed);
    if (problem) throw invalidRequest([{ path: 'jumpHostId', message: problem }]);
  }
}

function checkCredentials(privateKey: string | undefined, passphrase: string | undefined, password: string | undefined): void {
  if (!privateKey && !password) {
    throw invalidRequest([{ path: 'privateKey', message: 'give a privateKey, a password, or both' }]);
  }
  if (passphrase && !privateKey) {
    throw invalidRequest([{ path: 'passphrase', message: 'a passphrase needs a privateKey' }]);
  }
  if (privateKey) {
    const problem = privateKeyProblem(privateKey, passphrase);
    if (problem) throw invalidRequest([{ path: /passphrase/.test(problem) ? 'passphrase' : 'privateKey', message: problem }]);
  }
}
