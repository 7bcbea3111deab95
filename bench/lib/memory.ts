/** Resident memory sampled on a timer while a benchmark phase runs: the peak is what an operator sizes for. */
export interface RssSampler {
  /** Stops sampling; MB at start, at the end and the highest seen in between. */
  stop(): { startMb: number; endMb: number; peakMb: number };
}

const mb = (bytes: number) => bytes / 1024 / 1024;

export function sampleRss(intervalMs = 25): RssSampler {
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const end = process.memoryUsage.rss();
      peak = Math.max(peak, end);
      return { startMb: mb(start), endMb: mb(end), peakMb: mb(peak) };
    },
  };
}

export function rssMb(): number {
  return mb(process.memoryUsage.rss());
}
