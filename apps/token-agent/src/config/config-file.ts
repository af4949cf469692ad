import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type AgentConfig, AgentConfigError, defaultAgentConfig, parseAgentConfig } from './agent-config';

/** Reads the config file; a missing file is an unpaired agent with default settings. */
export function readAgentConfig(file: string): AgentConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return defaultAgentConfig();
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AgentConfigError(file, '(root)', `is not valid JSON (${(err as Error).message})`);
  }
  return parseAgentConfig(json, file);
}

/**
 * Writes the config atomically (temp file + rename) and readable by the user only: it decides which
 * servers may make this PC sign, so another local account must not be able to change it.
 */
export function writeAgentConfig(file: string, config: AgentConfig): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}
