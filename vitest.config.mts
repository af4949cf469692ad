import { defineConfig } from 'vitest/config';
import swc from 'unplugin-swc';
import { resolve } from 'node:path';

const root = import.meta.dirname;
const alias = {
  '@kyso/common': resolve(root, 'libs/common/src'),
  '@kyso/config': resolve(root, 'libs/config/src'),
  '@kyso/database': resolve(root, 'libs/database/src'),
  '@kyso/storage': resolve(root, 'libs/storage/src'),
  '@kyso/pdf': resolve(root, 'libs/pdf/src'),
  '@kyso/queue': resolve(root, 'libs/queue/src'),
  '@kyso/cms': resolve(root, 'libs/cms/src'),
  '@kyso/pkcs11': resolve(root, 'libs/pkcs11/src'),
  '@kyso/agent-protocol': resolve(root, 'libs/agent-protocol/src'),
  '@kyso/signing': resolve(root, 'libs/signing/src'),
  '@kyso/validation': resolve(root, 'libs/validation/src'),
  '@kyso/documents': resolve(root, 'libs/documents/src'),
  '@kyso/org': resolve(root, 'libs/org/src'),
  '@kyso/archive': resolve(root, 'libs/archive/src'),
  '@kyso/native': resolve(root, 'native/ts'),
  '@kyso/test-pki': resolve(root, 'certs-test/src'),
};

// SWC gives Nest's DI the decorator metadata that vitest's default esbuild transform drops.
const plugins = [swc.vite({ module: { type: 'es6' }, jsc: { target: 'es2022' } })];
const exclude = ['node_modules/**', 'dist/**', 'data/**'];

export default defineConfig({
  plugins,
  oxc: false,
  resolve: { alias },
  test: {
    globalSetup: [],
    projects: [
      {
        plugins,
        oxc: false,
        resolve: { alias },
        test: {
          name: 'unit',
          include: [
            'apps/**/*.spec.ts',
            'libs/**/*.spec.ts',
            'native/**/*.spec.ts',
            'certs-test/**/*.spec.ts',
            'test/lint/**/*.spec.ts',
          ],
          exclude: [...exclude, '**/*.int.spec.ts', '**/*.e2e.spec.ts'],
          testTimeout: 30_000,
        },
      },
      {
        plugins,
        oxc: false,
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['**/*.int.spec.ts', 'test/e2e/**/*.e2e.spec.ts'],
          exclude,
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: true,
        },
      },
      {
        plugins,
        oxc: false,
        resolve: { alias },
        test: {
          name: 'interop',
          include: ['test/interop/**/*.interop.spec.ts'],
          exclude,
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
