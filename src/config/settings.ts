/** A problem with one setting; start-up prints its message and exits 1. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** One environment setting: its name, documentation, default and parser. */
export interface Setting<T> {
  readonly name: string;
  readonly description: string;
  /** Default as shown in docs/configuration.md; `undefined` means unset. */
  readonly defaultText: string;
  /** Secret settings may also be read from a file named by `NAME_FILE`. */
  readonly secret?: boolean;
  parse(raw: string | undefined, env?: Readonly<Record<string, string | undefined>>): T;
}

export function integerSetting(
  name: string,
  description: string,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): Setting<number> {
  return {
    name,
    description,
    defaultText: String(fallback),
    parse(raw) {
      if (raw === undefined || raw === '') return fallback;
      if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
      const value = Number(raw);
      if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
      return value;
    },
  };
}

export function booleanSetting(
  name: string,
  description: string,
  defaultText: string,
  fallback: (env: Readonly<Record<string, string | undefined>>) => boolean,
): Setting<boolean> {
  return {
    name,
    description,
    defaultText,
    parse(raw, env = {}) {
      if (raw === undefined || raw === '') return fallback(env);
      if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
      if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
      throw new ConfigError(name, `must be true or false, got "${raw}"`);
    },
  };
}

export function enumSetting<T extends string>(
  name: string,
  description: string,
  values: readonly T[],
  fallback: T,
): Setting<T> {
  return {
    name,
    description,
    defaultText: fallback,
    parse(raw) {
      if (raw === undefined || raw === '') return fallback;
      if (!(values as readonly string[]).includes(raw)) {
        throw new ConfigError(name, `must be one of ${values.join(', ')}, got "${raw}"`);
      }
      return raw as T;
    },
  };
}

export function urlSetting(
  name: string,
  description: string,
  defaultText: string,
  fallback: (env: Readonly<Record<string, string | undefined>>) => string | undefined,
  protocols: readonly string[],
): Setting<string | undefined> {
  return {
    name,
    description,
    defaultText,
    parse(raw, env = {}) {
      const value = raw === undefined || raw === '' ? fallback(env) : raw;
      if (value === undefined) return undefined;
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        throw new ConfigError(name, `is not a URL: "${value}"`);
      }
      if (!protocols.includes(url.protocol)) {
        throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${url.protocol}"`);
      }
      return value;
    },
  };
}
