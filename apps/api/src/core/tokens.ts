/** Injection tokens for the things every module may need. */
export const CONFIG = Symbol('kyso.config');
export const DATA_SOURCE = Symbol('kyso.dataSource');
export const BLOB_STORE = Symbol('kyso.blobStore');
export const LOGGER = Symbol('kyso.logger');
export const CLOCK = Symbol('kyso.clock');
