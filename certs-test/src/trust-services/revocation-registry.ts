import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CrlReason } from '../pki-builders';
import type { TestCaName } from '../test-pki';
import { normalizeSerialHex } from './signing-identity';

export interface Revocation {
  issuer: TestCaName;
  serialHex: string;
  revokedAt: Date;
  reason: CrlReason;
}

interface StateFile {
  revocations: Array<{ issuer: TestCaName; serialHex: string; revokedAt: string; reason: CrlReason }>;
}

/**
 * Revocation status shared by the OCSP responder and the CRL publisher: the PKI's base state
 * (from manifest.json) plus revocations added at run time, optionally persisted to a JSON file so
 * a restarted server keeps them. A revocation takes effect from its `revokedAt` on.
 */
export class RevocationRegistry {
  private readonly runtime = new Map<string, Revocation>();
  private readonly base = new Map<string, Revocation>();

  constructor(
    base: Revocation[],
    private readonly stateFile?: string,
  ) {
    for (const r of base)
      this.base.set(this.key(r.issuer, r.serialHex), { ...r, serialHex: normalizeSerialHex(r.serialHex) });
    if (stateFile && existsSync(stateFile)) {
      const state = JSON.parse(readFileSync(stateFile, 'utf8')) as StateFile;
      for (const r of state.revocations) {
        this.runtime.set(this.key(r.issuer, r.serialHex), { ...r, revokedAt: new Date(r.revokedAt) });
      }
    }
  }

  revoke(revocation: Revocation): void {
    const normalized = { ...revocation, serialHex: normalizeSerialHex(revocation.serialHex) };
    this.runtime.set(this.key(normalized.issuer, normalized.serialHex), normalized);
    this.persist();
  }

  /** The revocation in force at `at` for this issuer and serial, if any. */
  lookup(issuer: TestCaName, serialHex: string, at: Date): Revocation | undefined {
    const key = this.key(issuer, serialHex);
    const found = this.runtime.get(key) ?? this.base.get(key);
    return found && found.revokedAt.getTime() <= at.getTime() ? found : undefined;
  }

  /** All revocations of an issuer in force at `at`, ordered by serial for stable CRLs. */
  listFor(issuer: TestCaName, at: Date): Revocation[] {
    const merged = new Map([...this.base, ...this.runtime]);
    return [...merged.values()]
      .filter((r) => r.issuer === issuer && r.revokedAt.getTime() <= at.getTime())
      .sort((a, b) => a.serialHex.localeCompare(b.serialHex));
  }

  private key(issuer: TestCaName, serialHex: string): string {
    return `${issuer}:${normalizeSerialHex(serialHex)}`;
  }

  private persist(): void {
    if (!this.stateFile) return;
    const state: StateFile = {
      revocations: [...this.runtime.values()].map((r) => ({ ...r, revokedAt: r.revokedAt.toISOString() })),
    };
    mkdirSync(dirname(this.stateFile), { recursive: true });
    // Write-then-rename so a reader never sees half a file.
    const tmp = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state, null, 2));
    renameSync(tmp, this.stateFile);
  }
}
