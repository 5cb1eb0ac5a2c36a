import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('loadConfig', () => {
  it('gives a working local configuration with no variables at all', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.appUrl).toBe('http://localhost:3000');
    expect(config.database.url).toBeUndefined();
    expect(config.seedDemo).toBe(true);
    expect(config.mail.smtp).toBeUndefined();
    expect(config.storage.r2).toBeUndefined();
  });

  it('lists every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'not a url', LOG_LEVEL: 'chatty', JWT_SECRET: 'short' });
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'PORT']);
  });

  it('refuses the development secrets, the embedded database and the demo seed in production, naming each', () => {
    const problems = problemsOf({ NODE_ENV: 'production', SEED_DEMO: 'true' });
    expect(problems.join('\n')).toMatch(/JWT_SECRET/);
    expect(problems.join('\n')).toMatch(/JWT_REFRESH_SECRET/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL/);
    expect(problems.join('\n')).toMatch(/SEED_DEMO/);
  });

  it('starts in production with real secrets and a database', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://ems:secret@db:5432/ems',
      JWT_SECRET: 'a'.repeat(40),
      JWT_REFRESH_SECRET: 'b'.repeat(40),
    });
    expect(config.isProduction).toBe(true);
    expect(config.seedDemo).toBe(false);
    expect(config.runWorkerInProcess).toBe(false);
    expect(config.log.format).toBe('json');
  });

  it('wants all of the R2 credentials or none', () => {
    expect(problemsOf({ R2_ACCESS_KEY: 'key' }).join('\n')).toMatch(/R2_ACCESS_KEY, R2_SECRET_KEY, R2_BUCKET_NAME/);
    const config = loadConfig({ R2_ACCESS_KEY: 'k', R2_SECRET_KEY: 's', R2_BUCKET_NAME: 'b', R2_ACCOUNT_ID: 'acc' });
    expect(config.storage.r2?.endpoint).toBe('https://acc.r2.cloudflarestorage.com');
  });
});
