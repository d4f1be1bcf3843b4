import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { setting } from '../config/app-config';
import { loadOrCreateSecretFile, prepareDataDir } from '../config/data-dir';

const PREFIX = 'v1';

/**
 * Encrypts stored credentials (TLS keys, SSH keys and passwords) with AES-256-GCM.
 * The key is ARCHNEST_SECRET_KEY, or one generated once into the data folder (mode 600):
 * a copied database alone does not reveal the credentials.
 */
@Injectable()
export class SecretBox {
  private readonly key: Buffer;

  constructor(config: ConfigService) {
    const configured = setting(config, 'ARCHNEST_SECRET_KEY');
    this.key = configured
      ? Buffer.from(configured, /^[0-9a-fA-F]{64}$/.test(configured) ? 'hex' : 'base64')
      : loadOrCreateSecretFile(prepareDataDir(setting(config, 'ARCHNEST_DATA_DIR')), 'secret-key', 32);
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [PREFIX, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
  }

  /** Throws when the value was encrypted with another key or tampered with. */
  decrypt(sealed: string): string {
    const [prefix, iv, tag, data] = sealed.split(':');
    if (prefix !== PREFIX || !iv || !tag || data === undefined) throw new Error('Stored secret has an unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Stored secret cannot be decrypted: was ARCHNEST_SECRET_KEY or the data folder key changed?');
    }
  }

  encryptOptional(plain: string | null | undefined): string | null {
    return plain ? this.encrypt(plain) : null;
  }

  decryptOptional(sealed: string | null | undefined): string | undefined {
    return sealed ? this.decrypt(sealed) : undefined;
  }
}
