import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** The structured JSON logger. Credentials are redacted even if a caller passes them by mistake. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'latchkey' },
      redact: {
        paths: [
          'password',
          'client_secret',
          'refresh_token',
          'access_token',
          'token',
          '*.password',
          '*.client_secret',
          '*.refresh_token',
          '*.access_token',
          '*.token',
          'headers.authorization',
          'req.headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
