/** The agent's self-description in `GET /v1/status`; the page uses it to tell our agent from another program. */
export const AGENT_NAME = 'kyso-token-agent';

/** `aud` of every request token: a token minted for anything else is refused by the agent. */
export const AGENT_AUDIENCE = 'kyso-token-agent';

/** JWS `typ` of a request token, so that no other JWT the server issues can be replayed to the agent. */
export const REQUEST_TOKEN_TYPE = 'kyso-sign+jwt';

/** The only JWS algorithm accepted: ECDSA P-256 with SHA-256, signature as raw r‖s (RFC 7518 §3.4). */
export const REQUEST_TOKEN_ALG = 'ES256';

/** Upper bound of `exp - iat`. A request token authorises one signature, so it should not outlive a page view. */
export const MAX_REQUEST_TOKEN_LIFETIME_SECONDS = 300;

/** Default clock difference tolerated between the kyso server and the leader's PC. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;

/** The agent listens on 127.0.0.1 only; 8988 sits next to the VGCA service's 8987 without colliding. */
export const DEFAULT_AGENT_PORT = 8988;

/** HTTP paths of the agent API (version in the path so an old page can detect a newer agent). */
export const AGENT_PATHS = {
  status: '/v1/status',
  certificates: '/v1/certificates',
  sign: '/v1/sign',
} as const;

/** Server endpoint the agent's `pair --server` command reads (see PairingInfo). */
export const PAIRING_PATH = '/api/v1/agent/pairing';
