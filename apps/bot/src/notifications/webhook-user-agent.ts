/** The contract's User-Agent on every webhook: some integrators filter on it. */
export const WEBHOOK_USER_AGENT = 'X2C-Bot-Webhook/1.0';
