import { z } from 'zod';
import { fujian } from './fujian.js';
import { ProvinceConfigSchema, type ProvinceConfig } from './schema.js';
import { shaanxi } from './shaanxi.js';

/** Every province that deploys a stack. Adding one is a config file and a line here. */
export const provinces = { fujian, shaanxi } as const satisfies Record<string, ProvinceConfig>;

/** Key of a province that has a config, e.g. `fujian`. */
export type ProvinceKey = keyof typeof provinces;

/** The keys `-c province=<key>` accepts. */
export const provinceKeys = Object.keys(provinces) as ProvinceKey[];

const isProvinceKey = (key: string): key is ProvinceKey => Object.hasOwn(provinces, key);

/**
 * The validated config of a province. Throws, listing the known provinces, when the key is
 * missing or unknown, and with every invalid field when the config does not pass the schema.
 *
 * @example
 * const province = provinceConfig(app.node.tryGetContext('province'));
 */
export function provinceConfig(key: unknown): ProvinceConfig {
  const known = provinceKeys.join(', ');
  if (key === undefined || key === '') {
    throw new Error(`No province given: pass -c province=<key>, one of: ${known}`);
  }
  if (typeof key !== 'string' || !isProvinceKey(key)) {
    throw new Error(`Unknown province ${JSON.stringify(key)}: pass -c province=<key>, one of: ${known}`);
  }
  return validProvinceConfig(key, provinces[key]);
}

/**
 * `config` checked against the schema, or an error that names every invalid field by its path
 * and says why, e.g. `✖ must be an https:// URL → at jwt.issuer`.
 */
export function validProvinceConfig(key: string, config: unknown): ProvinceConfig {
  const parsed = ProvinceConfigSchema.safeParse(config);
  if (!parsed.success) throw new Error(`Province ${key} has an invalid config:\n${z.prettifyError(parsed.error)}`);
  if (parsed.data.key !== key) throw new Error(`Province ${key} is registered under another key than its own (${parsed.data.key})`);
  return parsed.data;
}
