/** A sliding one-minute window per key: true when the call is allowed (and counted). */
export function createRateLimiter(now: () => Date): (key: string, perMinute: number) => boolean {
  const hits = new Map<string, number[]>();
  return (key, perMinute) => {
    const t = now().getTime();
    const recent = (hits.get(key) ?? []).filter((at) => t - at < 60_000);
    if (recent.length >= perMinute) {
      hits.set(key, recent);
      return false;
    }
    recent.push(t);
    hits.set(key, recent);
    // Keys of members who went quiet are dropped so the map cannot grow without bound.
    if (hits.size > 10_000) for (const [k, v] of hits) if (v.every((at) => t - at >= 60_000)) hits.delete(k);
    return true;
  };
}
