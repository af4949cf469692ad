/**
 * A setting is missing or wrong. The message names the setting and says how to fix it, on one line.
 * Deliberately not a KysoError: it belongs to start-up, not to a request (the API and the worker print its line
 * and stop before they serve anything), and naming the environment variable is the whole point of its message,
 * which a library error must never do.
 */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${setting}: ${problem}. ${fix}`);
    this.name = 'ConfigError';
  }
}
