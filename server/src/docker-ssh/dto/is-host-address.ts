import { isIP } from 'node:net';
import { registerDecorator, ValidationOptions } from 'class-validator';

const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** An IPv4/IPv6 literal or a DNS host name (RFC 1123 labels, at most 253 characters). */
export function isHostAddress(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 253) return false;
  if (isIP(value) !== 0) return true;
  return value.split('.').every((label) => LABEL.test(label));
}

export function IsHostAddress(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isHostAddress',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a host name or an IP address`, ...options },
      validator: { validate: isHostAddress },
    });
}
