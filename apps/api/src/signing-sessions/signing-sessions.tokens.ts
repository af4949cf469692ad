export const PAIRING_INFO = Symbol('kyso.agentPairing');
