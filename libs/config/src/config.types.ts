export type DatabaseConfig =
  { kind: 'sqlite'; file: string; url: string } | { kind: 'postgres'; url: string; poolSize: number };

export type StorageConfig = { kind: 'local'; dir: string };

export type QueueConfig =
  | { kind: 'in-process' }
  /** `prefix` starts every Redis key kyso writes, so that deployments sharing one Redis never see each other's. */
  | { kind: 'redis'; url: string; prefix: string };

export type SealSignerConfig =
  | { kind: 'none' }
  | {
      kind: 'pkcs11';
      module: string;
      tokenLabel: string;
      keyLabel: string;
      pinFile: string;
      sessions: number;
    }
  | { kind: 'p12'; file: string; passwordFile: string };

export interface KysoConfig {
  env: 'development' | 'production' | 'test';
  http: { host: string; port: number; maxUploadBytes: number; publicUrl: string };
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  dataDir: string;
  database: DatabaseConfig;
  storage: StorageConfig;
  queue: QueueConfig;
  auth: {
    jwtSecretFile: string;
    jwtTtlSeconds: number;
    bootstrapAdmin?: { username: string; password: string };
  };
  /** The scheduler of periodic jobs (libs/queue): how often it looks for due jobs. */
  schedule: {
    tickMs: number;
    /** Test only: every job's period becomes this many milliseconds (0: each job's own period). */
    periodMs: number;
  };
  signing: {
    seal: SealSignerConfig;
    tsaUrl?: string;
    trustDirs: string[];
    offline: boolean;
    devTrustServices: boolean;
    /** Where leaders' browsers reach the token agent. */
    agentUrl: string;
  };
}
