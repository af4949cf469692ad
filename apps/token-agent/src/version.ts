/** Reported by `GET /v1/status`; the page may require a minimum version. */
export const AGENT_VERSION = '0.1.0';
