import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/**
 * A container reference as users type it: a hex id (full or a prefix of 12+), or a name.
 * Docker names are `[a-zA-Z0-9][a-zA-Z0-9_.-]*`; the first character can never be a dot or
 * a dash and no slash is allowed, so a checked ref cannot walk to another Engine API path
 * nor reach a remote shell as anything but one plain word. Shared by the TCP and SSH sources.
 */
export const CONTAINER_REF_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
export const CONTAINER_ID_PATTERN = /^[0-9a-f]{12,64}$/;
export const FULL_CONTAINER_ID_PATTERN = /^[0-9a-f]{64}$/;

export function isContainerRef(value: unknown): value is string {
  return typeof value === 'string' && (CONTAINER_ID_PATTERN.test(value) || CONTAINER_REF_PATTERN.test(value));
}

/** The same check as a route pipe: 400 before any engine or SSH call. */
@Injectable()
export class ContainerRefPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isContainerRef(value)) {
      throw new BadRequestException(
        'ref must be a container id (12-64 hex characters), a unique id prefix, or a name of letters, digits, "_", "." or "-" (at most 128, not starting with "." or "-")',
      );
    }
    return value;
  }
}
