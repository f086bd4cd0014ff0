import { ConfigError, loadConfig } from '../../src/config/index.js';

/** Runs loadConfig and returns the ConfigError it throws (fails when it does not throw one). */
export function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}
