/** A setting is missing or wrong. The message names the setting and says how to fix it, on one line. */
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
