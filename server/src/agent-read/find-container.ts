import { ConflictException, NotFoundException } from '@nestjs/common';
import type { ContainerDto } from '../containers/dto/container.dto';

export const MIN_ID_PREFIX = 4;

/**
 * Docker's own lookup order: the full id, then an exact name, then a unique id prefix
 * (at least 4 hex characters here, so a short typo does not land on a random container).
 */
export function findContainer(containers: readonly ContainerDto[], ref: string, hostId: string): ContainerDto {
  const byId = containers.find((c) => c.id === ref);
  if (byId) return byId;
  const byName = containers.filter((c) => c.name === ref);
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) {
    throw new ConflictException(`${byName.length} containers on '${hostId}' are named '${ref}'; use the container id`);
  }
  if (/^[0-9a-f]+$/.test(ref)) {
    if (ref.length < MIN_ID_PREFIX) {
      throw new NotFoundException(`No container named '${ref}' on '${hostId}'; an id prefix needs at least ${MIN_ID_PREFIX} characters`);
    }
    const byPrefix = containers.filter((c) => c.id.startsWith(ref));
    if (byPrefix.length === 1) return byPrefix[0];
    if (byPrefix.length > 1) {
      const shown = byPrefix.slice(0, 5).map((c) => `${c.id.slice(0, 12)} (${c.name})`).join(', ');
      throw new ConflictException(`Id prefix '${ref}' is ambiguous on '${hostId}': it matches ${byPrefix.length} containers (${shown}); type more characters`);
    }
  }
  throw new NotFoundException(`No container '${ref}' on agent host '${hostId}' in its latest report`);
}
