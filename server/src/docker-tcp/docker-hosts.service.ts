import { ConflictException, Injectable, NotFoundException, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { invalidRequest } from '../common/pipes/validation';
import { setting } from '../config/app-config';
import { SecretBox } from '../secrets/secret-box.service';
import { DockerEngineClient, type EngineTimeouts } from './docker-engine.client';
import { DockerHostDto, DockerHostTestResultDto } from './dto/docker-host.dto';
import { CreateDockerHostDto, UpdateDockerHostDto } from './dto/docker-host-input.dto';
import { DockerTcpHost } from './entities/docker-tcp-host.entity';
import { EngineError } from './engine-error';
import { parseEngineUrl } from './engine-url';
import { checkTlsMaterial } from './tls-material';

/**
 * The registry of Docker engines, and the one place that turns a stored host into a
 * client: TLS material is decrypted only here, only to hand it to the engine client.
 * Clients (each with its keep-alive pool) are cached per host and dropped when it changes.
 */
@Injectable()
export class DockerHostsService implements OnModuleDestroy {
  private readonly clients = new Map<number, { stamp: number; client: DockerEngineClient }>();
  private readonly timeouts: EngineTimeouts;

  constructor(
    @InjectRepository(DockerTcpHost) private readonly hosts: Repository<DockerTcpHost>,
    private readonly secrets: SecretBox,
    config: ConfigService,
  ) {
    this.timeouts = {
      connectMs: setting(config, 'ARCHNEST_DOCKER_CONNECT_TIMEOUT_MS'),
      requestMs: setting(config, 'ARCHNEST_DOCKER_REQUEST_TIMEOUT_MS'),
    };
  }

  async list(): Promise<DockerHostDto[]> {
    return (await this.hosts.find({ order: { name: 'ASC' } })).map(toDto);
  }

  async get(id: number): Promise<DockerHostDto> {
    return toDto(await this.find(id));
  }

  async create(dto: CreateDockerHostDto): Promise<DockerHostDto> {
    checkHost(dto.url, dto);
    await this.refuseDuplicateName(dto.name);
    const saved = await this.hosts.save(
      this.hosts.create({
        name: dto.name,
        url: dto.url,
        caSealed: this.secrets.encryptOptional(dto.ca),
        certSealed: this.secrets.encryptOptional(dto.cert),
        keySealed: this.secrets.encryptOptional(dto.key),
      }),
    );
    return this.get(saved.id);
  }

  async update(id: number, dto: UpdateDockerHostDto): Promise<DockerHostDto> {
    const host = await this.find(id);
    if (dto.name !== undefined && dto.name !== host.name) await this.refuseDuplicateName(dto.name);
    const current = {
      ca: dto.ca !== undefined ? dto.ca : this.secrets.decryptOptional(host.caSealed),
      cert: dto.cert !== undefined ? dto.cert : this.secrets.decryptOptional(host.certSealed),
      key: dto.key !== undefined ? dto.key : this.secrets.decryptOptional(host.keySealed),
    };
    checkHost(dto.url ?? host.url, current);
    const changes: Partial<DockerTcpHost> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.url !== undefined) changes.url = dto.url;
    if (dto.ca !== undefined) changes.caSealed = this.secrets.encryptOptional(dto.ca);
    if (dto.cert !== undefined) changes.certSealed = this.secrets.encryptOptional(dto.cert);
    if (dto.key !== undefined) changes.keySealed = this.secrets.encryptOptional(dto.key);
    if (Object.keys(changes).length > 0) await this.hosts.update({ id }, changes);
    this.dropClient(id);
    return this.get(id);
  }

  async remove(id: number): Promise<void> {
    await this.find(id);
    await this.hosts.delete({ id });
    this.dropClient(id);
  }

  /** Asks the engine for its version; a failure is an answer too (ok: false and why). */
  async test(id: number): Promise<DockerHostTestResultDto> {
    const { client } = await this.client(id);
    const started = Date.now();
    try {
      const v = await client.version();
      const durationMs = Date.now() - started;
      return { ok: true, message: `Docker ${v.version ?? '?'} (API ${v.apiVersion ?? '?'}) answered in ${durationMs} ms`, ...versionFields(v), durationMs };
    } catch (error) {
      const message = error instanceof EngineError ? error.message : 'The test failed unexpectedly; the server log has the details';
      if (!(error instanceof EngineError)) throw error;
      return { ok: false, message, engineVersion: null, apiVersion: null, os: null, arch: null, durationMs: Date.now() - started };
    }
  }

  /** The engine client of a host (404 when the host does not exist). */
  async client(id: number): Promise<{ host: DockerTcpHost; client: DockerEngineClient }> {
    const host = await this.find(id);
    const stamp = host.updatedAt.getTime();
    const cached = this.clients.get(id);
    if (cached && cached.stamp === stamp) return { host, client: cached.client };
    cached?.client.close();
    const address = parseEngineUrl(host.url);
    if (!address) throw new ConflictException(`Docker host '${host.name}' has an unusable URL; edit it`);
    const client = new DockerEngineClient(
      {
        address,
        ca: this.secrets.decryptOptional(host.caSealed),
        cert: this.secrets.decryptOptional(host.certSealed),
        key: this.secrets.decryptOptional(host.keySealed),
      },
      this.timeouts,
    );
    this.clients.set(id, { stamp, client });
    return { host, client };
  }

  onModuleDestroy(): void {
    for (const { client } of this.clients.values()) client.close();
    this.clients.clear();
  }

  private async find(id: number): Promise<DockerTcpHost> {
    const host = await this.hosts.findOneBy({ id });
    if (!host) throw new NotFoundException(`Docker host ${id} does not exist`);
    return host;
  }

  private async refuseDuplicateName(name: string): Promise<void> {
    if (await this.hosts.existsBy({ name })) throw new ConflictException(`A Docker host named '${name}' already exists`);
  }

  private dropClient(id: number): void {
    this.clients.get(id)?.client.close();
    this.clients.delete(id);
  }
}

/** The URL and the TLS material must fit together; problems are one 400 naming the fields. */
function checkHost(url: string, material: { ca?: string | null; cert?: string | null; key?: string | null }): void {
  const address = parseEngineUrl(url);
  const problems = checkTlsMaterial(material);
  if (address && !address.tls && (material.ca || material.cert || material.key)) {
    problems.unshift({ path: 'url', message: 'ca, cert and key are for https:// engines: use an https:// url or remove them (send null)' });
  }
  if (problems.length > 0) throw invalidRequest(problems);
}

function versionFields(v: { version: string | null; apiVersion: string | null; os: string | null; arch: string | null }) {
  return { engineVersion: v.version, apiVersion: v.apiVersion, os: v.os, arch: v.arch };
}

function toDto(host: DockerTcpHost): DockerHostDto {
  return {
    id: host.id,
    name: host.name,
    url: host.url,
    tls: parseEngineUrl(host.url)?.tls ?? false,
    hasCa: host.caSealed !== null,
    hasClientCert: host.certSealed !== null && host.keySealed !== null,
    createdAt: host.createdAt.toISOString(),
    updatedAt: host.updatedAt.toISOString(),
  };
}
