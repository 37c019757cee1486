import pino, { type Logger } from 'pino';

/**
 * Structured logs. Nothing logs a key, a secret or a token on purpose; the redaction list is
 * the second line of defence if an object holding one is ever logged whole.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'headers["x-api-key"]',
        '*.headers["x-api-key"]',
        'secret',
        '*.secret',
        'secrets',
        '*.secrets',
        'callback_secret',
        '*.callback_secret',
        'token',
        '*.token',
        'telegramBotToken',
        '*.telegramBotToken',
      ],
      censor: '[redacted]',
    },
  });
}
