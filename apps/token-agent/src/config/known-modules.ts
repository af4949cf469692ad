import { existsSync } from 'node:fs';

/**
 * PKCS#11 libraries the agent looks for when the config lists none. Only SoftHSM's Debian path has been
 * checked on this project's machines; every vendor entry is an EXAMPLE of where such middleware commonly
 * installs, to be confirmed with each vendor before relying on it (the config's `modules` list overrides
 * this table entirely).
 */
export interface KnownModule {
  path: string;
  vendor: string;
  verified: boolean;
}

const WINDOWS_SYSTEM32 = 'C:\\Windows\\System32';

export const KNOWN_MODULES: Readonly<Partial<Record<NodeJS.Platform, readonly KnownModule[]>>> = {
  win32: [
    { path: `${WINDOWS_SYSTEM32}\\viettel-ca_v6.dll`, vendor: 'Viettel-CA (example)', verified: false },
    { path: `${WINDOWS_SYSTEM32}\\vnpt-ca_csp11.dll`, vendor: 'VNPT-CA (example)', verified: false },
    { path: `${WINDOWS_SYSTEM32}\\BkavCA.dll`, vendor: 'BkavCA (example)', verified: false },
    {
      path: `${WINDOWS_SYSTEM32}\\ShuttleCsp11_3003.dll`,
      vendor: 'Shuttle token used by several CAs (example)',
      verified: false,
    },
    {
      path: `${WINDOWS_SYSTEM32}\\eps2003csp11.dll`,
      vendor: 'ePass2003 (FPT-CA, Safe-CA, others) (example)',
      verified: false,
    },
    { path: `${WINDOWS_SYSTEM32}\\eTPKCS11.dll`, vendor: 'SafeNet eToken (example)', verified: false },
    {
      path: 'C:\\Program Files\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll',
      vendor: 'OpenSC (example)',
      verified: false,
    },
    { path: 'C:\\SoftHSM2\\lib\\softhsm2-x64.dll', vendor: 'SoftHSM2 (testing)', verified: false },
  ],
  linux: [
    { path: '/usr/lib/softhsm/libsofthsm2.so', vendor: 'SoftHSM2 (testing)', verified: true },
    { path: '/usr/lib/libeTPkcs11.so', vendor: 'SafeNet eToken (example)', verified: false },
    { path: '/usr/local/lib/libeps2003csp11.so', vendor: 'ePass2003 (example)', verified: false },
    { path: '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so', vendor: 'OpenSC (example)', verified: false },
  ],
  darwin: [
    { path: '/usr/local/lib/libeps2003csp11.dylib', vendor: 'ePass2003 (example)', verified: false },
    { path: '/usr/local/lib/libeTPkcs11.dylib', vendor: 'SafeNet eToken (example)', verified: false },
    { path: '/Library/OpenSC/lib/opensc-pkcs11.so', vendor: 'OpenSC (example)', verified: false },
    { path: '/opt/homebrew/lib/softhsm/libsofthsm2.so', vendor: 'SoftHSM2 (testing)', verified: false },
    { path: '/usr/local/lib/softhsm/libsofthsm2.so', vendor: 'SoftHSM2 (testing)', verified: false },
  ],
};

/** The known modules present on this machine, in table order. */
export function detectModules(
  platform: NodeJS.Platform = process.platform,
  exists: (path: string) => boolean = existsSync,
): string[] {
  return (KNOWN_MODULES[platform] ?? []).map((m) => m.path).filter((path) => exists(path));
}
