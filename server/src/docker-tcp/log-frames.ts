/** Upper bound of log text kept per request; older bytes are dropped first. */
export const MAX_LOG_BYTES = 8 * 1024 * 1024;

/**
 * Collects a container's log answer as it streams in. Without a TTY the engine multiplexes
 * stdout and stderr into frames (1 byte stream type, 3 zero bytes, 4 bytes big-endian
 * length, payload); with a TTY it sends one raw stream. Frames are read incrementally, so a
 * frame of any announced size never has to fit in memory, and only the newest `maxBytes`
 * of text are kept.
 */
export class LogCollector {
  private readonly parts: Buffer[] = [];
  private size = 0;
  private truncated = false;
  private header = Buffer.alloc(0);
  private remaining = 0;

  constructor(
    private multiplexed: boolean,
    private readonly maxBytes = MAX_LOG_BYTES,
  ) {}

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.multiplexed) {
        this.keep(chunk.subarray(offset));
        return;
      }
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset);
        this.keep(chunk.subarray(offset, offset + take));
        this.remaining -= take;
        offset += take;
        continue;
      }
      const take = Math.min(8 - this.header.length, chunk.length - offset);
      this.header = Buffer.concat([this.header, chunk.subarray(offset, offset + take)]);
      offset += take;
      if (this.header.length < 8) return;
      const header = this.header;
      this.header = Buffer.alloc(0);
      if (header[0] > 2 || header[1] !== 0 || header[2] !== 0 || header[3] !== 0) {
        // Not a frame header: the stream is raw after all (a TTY container), keep it as text.
        this.multiplexed = false;
        this.keep(header);
        continue;
      }
      this.remaining = header.readUInt32BE(4);
    }
  }

  /** The collected text as lines, oldest first, without line endings. */
  lines(): { lines: string[]; truncated: boolean } {
    if (this.header.length > 0) this.keep(this.header);
    const text = Buffer.concat(this.parts).toString('utf8');
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    // After a cut the first line is a fragment: better gone than misleading.
    if (this.truncated) lines.shift();
    return { lines: lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line)), truncated: this.truncated };
  }

  private keep(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.parts.push(bytes);
    this.size += bytes.length;
    while (this.size - this.parts[0].length >= this.maxBytes) {
      this.size -= this.parts.shift()!.length;
      this.truncated = true;
    }
    if (this.size > this.maxBytes) {
      // One part larger than the cap: keep its newest bytes.
      const over = this.size - this.maxBytes;
      this.parts[0] = this.parts[0].subarray(over);
      this.size -= over;
      this.truncated = true;
    }
  }
}
