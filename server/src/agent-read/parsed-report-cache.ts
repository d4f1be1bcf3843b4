import type { ContainerDto } from '../containers/dto/container.dto';

interface Entry {
  receivedAt: string;
  containers: readonly ContainerDto[];
  bytes: number;
}

/**
 * The parsed containers of recently read hosts, so opening container after container of one host
 * does not parse its 60+ KB report each time (and leave that much garbage). Each read still asks
 * the database whether the host's receivedAt changed, so several server instances stay correct.
 * Bounded by the reports' JSON size; least recently used first out. Callers must not mutate.
 */
export class ParsedReportCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  receivedAt(hostId: string): string | undefined {
    return this.entries.get(hostId)?.receivedAt;
  }

  get(hostId: string, receivedAt: string): readonly ContainerDto[] | undefined {
    const entry = this.entries.get(hostId);
    if (!entry || entry.receivedAt !== receivedAt) return undefined;
    // Re-inserting moves the host to the young end of the Map's insertion order.
    this.entries.delete(hostId);
    this.entries.set(hostId, entry);
    return entry.containers;
  }

  set(hostId: string, receivedAt: string, containers: readonly ContainerDto[], bytes: number): void {
    this.delete(hostId);
    if (bytes > this.maxBytes) return;
    this.entries.set(hostId, { receivedAt, containers, bytes });
    this.bytes += bytes;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  delete(hostId: string): void {
    const entry = this.entries.get(hostId);
    if (!entry) return;
    this.entries.delete(hostId);
    this.bytes -= entry.bytes;
  }

  get size(): number {
    return this.entries.size;
  }
}
