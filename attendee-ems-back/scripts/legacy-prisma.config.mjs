// Config for the Prisma 6 CLI (see scripts/prisma.mjs): WASM schema engine through the pg adapter.
import { PrismaPg } from '@prisma/adapter-pg';

export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: process.env.PRISMA_LEGACY_SCHEMA,
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
};
