/** kyso's version, shown by /health and `kyso --version`; a unit test keeps it equal to package.json. */
export const KYSO_VERSION = '0.1.0';
