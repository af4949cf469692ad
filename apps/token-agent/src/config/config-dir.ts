import { homedir } from 'node:os';
import { join } from 'node:path';

export const CONFIG_DIR_NAME = 'kyso-agent';
export const CONFIG_FILE_NAME = 'config.json';

/**
 * The per-user configuration directory, where each OS expects it:
 * Windows %APPDATA%\kyso-agent, macOS ~/Library/Application Support/kyso-agent,
 * elsewhere $XDG_CONFIG_HOME/kyso-agent or ~/.config/kyso-agent.
 */
export function defaultConfigDir(
  platform: NodeJS.Platform = process.platform,
  env: Record<string, string | undefined> = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), CONFIG_DIR_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', CONFIG_DIR_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), CONFIG_DIR_NAME);
}

export function defaultConfigPath(
  platform: NodeJS.Platform = process.platform,
  env: Record<string, string | undefined> = process.env,
  home: string = homedir(),
): string {
  return join(defaultConfigDir(platform, env, home), CONFIG_FILE_NAME);
}
