// Entry of one batch-validation worker thread (see batch-threads.ts). It validates the files the main thread
// hands it, several at once, with its own caches and native-core batches, and posts each result back.
import { parentPort, workerData } from 'node:worker_threads';
import { createValidationCache } from '../chain/validation-cache';
import { BatchingCryptoBackend } from '../crypto/batching-crypto-backend';
import { createOnlineFetchers } from '../revocation/online-fetchers';
import { TrustStore } from '../trust/trust-store';
import type { BatchThreadInit, FromThread, ToThread } from './batch-thread-protocol';
import { validateFile } from './validate-file';

const init = workerData as BatchThreadInit;
const port = parentPort!;
const options = {
  trustAnchors: TrustStore.fromCertificates(init.trustAnchors),
  at: init.at === undefined ? undefined : new Date(init.at),
  offline: init.offline,
  limits: init.limits,
  networkTimeoutMs: init.networkTimeoutMs,
  // One set of fetchers per thread, so OCSP/CRL answers and CA certificates are fetched once, not per file.
  fetchers: init.offline ? undefined : createOnlineFetchers({ timeoutMs: init.networkTimeoutMs }),
};
const cache = createValidationCache();
const crypto = new BatchingCryptoBackend();

port.on('message', (message: ToThread) => {
  void validateFile(message.file, options, cache, crypto, { readSync: true }).then((result) =>
    port.postMessage({ id: message.id, result } satisfies FromThread),
  );
});
