import { loadAddon, type AddonLoad } from './addon-loader';
import { BUILD_HINT, BUILD_HINT_VI, NativeCoreUnavailableError } from './errors';
import { createFallbackCore } from './fallback/fallback-core';
import { createNativeCore } from './native-core';
import type { BatchCryptoCore } from './types';

export const FALLBACK_WARNING = `kyso native core not built — using the slower node:crypto fallback; ${BUILD_HINT}`;
export const FALLBACK_WARNING_CODE = 'KYSO_NATIVE_FALLBACK';

export interface CoreSelectorOptions {
  /** Loads the addon; defaults to searching for native/build/Release/kyso_native.node. */
  readonly load?: () => AddonLoad;
  /** Receives the one-time fallback warning; defaults to process.emitWarning. */
  readonly warn?: (message: string) => void;
}

export interface CoreSelector {
  /** The C++ core; throws NativeCoreUnavailableError, with the build command, when it is not built. */
  nativeCore(): BatchCryptoCore;
  fallbackCore(): BatchCryptoCore;
  /** The native core when available, else the fallback after warning once. */
  defaultCore(): BatchCryptoCore;
}

function unavailable(load: Exclude<AddonLoad, { ok: true }>): NativeCoreUnavailableError {
  if (load.reason === 'not-built') {
    return new NativeCoreUnavailableError(
      `kyso native core is not built (no kyso_native.node found, looked first at ${load.searched[0]}); ${BUILD_HINT}`,
      `Lõi native của kyso chưa được biên dịch (không thấy kyso_native.node); ${BUILD_HINT_VI}`,
    );
  }
  const reason = load.error instanceof Error ? load.error.message : String(load.error);
  return new NativeCoreUnavailableError(
    `kyso native core at ${load.path} cannot be loaded (${reason}); rebuild it for this Node: ${BUILD_HINT}`,
    `Không nạp được lõi native của kyso tại ${load.path} (${reason}); hãy biên dịch lại cho phiên bản Node này: ${BUILD_HINT_VI}`,
    { cause: load.error },
  );
}

export function createCoreSelector(options: CoreSelectorOptions = {}): CoreSelector {
  const load = options.load ?? (() => loadAddon());
  const warn =
    options.warn ?? ((message: string) => process.emitWarning(message, { code: FALLBACK_WARNING_CODE }));
  let loaded: AddonLoad | undefined;
  let native: BatchCryptoCore | undefined;
  let fallback: BatchCryptoCore | undefined;
  let warned = false;

  const selector: CoreSelector = {
    nativeCore() {
      loaded ??= load();
      if (!loaded.ok) throw unavailable(loaded);
      native ??= createNativeCore(loaded.addon);
      return native;
    },
    fallbackCore() {
      fallback ??= createFallbackCore();
      return fallback;
    },
    defaultCore() {
      loaded ??= load();
      if (loaded.ok) return selector.nativeCore();
      if (!warned) {
        warned = true;
        warn(
          loaded.reason === 'not-built'
            ? FALLBACK_WARNING
            : `${unavailable(loaded).message} — using the slower node:crypto fallback`,
        );
      }
      return selector.fallbackCore();
    },
  };
  return selector;
}
