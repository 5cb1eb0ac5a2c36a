import v8 from 'node:v8';

/**
 * Prisma 7 plans queries with a WebAssembly compiler (query_compiler_fast_bg.postgresql.wasm). V8
 * compiles WebAssembly with its baseline compiler (Liftoff), then recompiles the hot functions with
 * its optimising compiler (TurboFan). For the query compiler that second step costs 40–60 MB of RSS
 * per process (measured: the API right after its first requests, 270 → 210 MB; a process doing
 * nothing but Prisma queries, 211 → 167 MB) and buys no measurable speed: CPU per query was the same
 * within noise over 1,500 queries of 4 shapes (~0.55 ms), because query plans are cached and the
 * database round trip dominates.
 *
 * Called first thing by the API and the worker, before any query compiles the module. Process-wide:
 * the only other WebAssembly in these processes is undici's HTTP parser (outgoing fetch).
 */
export function keepWebAssemblyOnBaselineCompiler(): void {
  v8.setFlagsFromString('--liftoff-only');
}
