import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { HOST_ID_PATTERN, HOST_ID_RULE } from '../agent-ingest/dto/agent-report.dto';

/** `:hostId`: the same rule as the report's hostId, so a path can never name something else. */
@Injectable()
export class HostIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!HOST_ID_PATTERN.test(value)) throw new BadRequestException(HOST_ID_RULE);
    return value;
  }
}

/** A container name (Docker's alphabet, at most ContainerDto's 256) or an id or id prefix (hex fits the same alphabet). */
export const AGENT_CONTAINER_REF = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,255}$/;

@Injectable()
export class AgentContainerRefPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!AGENT_CONTAINER_REF.test(value)) {
      throw new BadRequestException('containerId must be a full container id, a unique id prefix of at least 4 hex characters, or a name (letters, digits, "_", "." or "-", at most 256, not starting with "." or "-")');
    }
    return value;
  }
}
