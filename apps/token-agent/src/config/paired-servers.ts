import { statSync } from 'node:fs';
import type { PinnedServerKey } from '@kyso/agent-protocol';
import type { AgentLog } from '../logging/agent-log';
import { type AgentConfig, pinnedKeysOf } from './agent-config';
import { readAgentConfig } from './config-file';

export interface PairedState {
  origins: ReadonlySet<string>;
  keys: readonly PinnedServerKey[];
}

/**
 * The paired servers, re-read when the config file changes, so `kyso-token-agent pair` takes effect
 * in a running agent. A file that does not parse (half-written by an editor) keeps the last good state.
 */
export class PairedServers {
  private state: PairedState;
  /** Inode + mtime + size: the atomic rename of a new config gives a new inode even within one mtime tick. */
  private seenStamp: string | undefined;

  constructor(
    initial: AgentConfig,
    private readonly file: string | undefined,
    private readonly log: AgentLog,
  ) {
    this.state = PairedServers.stateOf(initial);
    this.seenStamp = this.stamp();
  }

  current(): PairedState {
    if (this.file === undefined) return this.state;
    const stamp = this.stamp();
    if (stamp !== this.seenStamp) {
      this.seenStamp = stamp;
      try {
        this.state = PairedServers.stateOf(readAgentConfig(this.file));
        this.log.info('config.reloaded', { paired: [...this.state.origins].join(' ') });
      } catch (err) {
        this.log.warn('config.reload_failed', { error: (err as Error).message });
      }
    }
    return this.state;
  }

  private stamp(): string | undefined {
    if (this.file === undefined) return undefined;
    try {
      const s = statSync(this.file);
      return `${s.ino}:${s.mtimeMs}:${s.size}`;
    } catch {
      return undefined;
    }
  }

  private static stateOf(config: AgentConfig): PairedState {
    return { origins: new Set(config.servers.map((s) => s.origin)), keys: pinnedKeysOf(config) };
  }
}
