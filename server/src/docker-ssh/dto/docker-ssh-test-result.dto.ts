import { ApiProperty } from '@nestjs/swagger';

/**
 * What a connection test found. Always answered with 200 so the console can show it; `ok` says
 * whether ArchNest can manage the host as configured, `message` what to do otherwise.
 */
export class DockerSshTestResultDto {
  @ApiProperty({ description: 'SSH, host key, login and the docker CLI all work.' })
  ok: boolean;

  @ApiProperty({ example: 'Connected as deploy@10.0.0.5:22; Docker 27.3.1' })
  message: string;

  @ApiProperty({ type: String, nullable: true, description: "The fingerprint the host presented (null when it was not reached). Compare it with `ssh-keygen -lf` on the host before pinning it." })
  presentedFingerprint: string | null;

  @ApiProperty({ type: String, nullable: true })
  pinnedFingerprint: string | null;

  @ApiProperty({ type: Boolean, nullable: true, description: 'Null when nothing is pinned yet or the host was not reached.' })
  fingerprintMatches: boolean | null;

  @ApiProperty({ type: String, nullable: true, example: '27.3.1' })
  dockerVersion: string | null;

  @ApiProperty({ description: 'Time for the fresh connection (all hops) and the docker call.' })
  elapsedMs: number;
}
