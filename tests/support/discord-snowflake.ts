// Snowflake ids as Discord makes them: milliseconds since the Discord epoch in the high bits, then
// worker, process and a per-process increment. discord.js derives `createdTimestamp` from these bits,
// so ids must encode a real time, not just be unique strings.

const DISCORD_EPOCH_MS = 1_420_070_400_000n;

let increment = 0n;

export function snowflake(atMs: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  const time = BigInt(Math.floor(atMs)) - DISCORD_EPOCH_MS;
  const workerId = 1n;
  const processId = 1n;
  return ((time << 22n) | (workerId << 17n) | (processId << 12n) | increment).toString();
}

export function timestampOfSnowflake(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH_MS);
}
