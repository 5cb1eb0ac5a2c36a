import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC rather than the default transform: Nest's dependency injection and the validation pipe
// need `emitDecoratorMetadata`, which only tsc and SWC emit.
export default defineConfig({
  plugins: [swc.vite({ jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2023' } })],
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Each file gets its own database cloned from the migrated template, so files run in parallel.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
