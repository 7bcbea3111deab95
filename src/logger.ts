import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Secrets are redacted by path, and any string that equals the configured token is
 * scrubbed wherever it appears, because a token can leak through an error message, not only a field.
 */
export function createLogger(level: string, secrets: string[] = [], destination?: DestinationStream): Logger {
  const hidden = secrets.filter((s) => s.length >= 8);
  const options = {
    level,
    redact: { paths: ['token', '*.token', 'config.discordToken', 'headers.authorization', '*.headers.authorization', '*.*.headers.authorization'], censor: '[redacted]' },
    hooks: {
      streamWrite(line: string) {
        let out = line;
        for (const secret of hidden) out = out.split(secret).join('[redacted]');
        return out;
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that writes nothing: for tests and the CLI's quiet paths. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
