import { fujian } from './fujian.js';
import { ProvinceConfigSchema, type ProvinceConfig } from './schema.js';
import { shaanxi } from './shaanxi.js';

/** Every province that deploys a stack. Adding one is a config file and a line here. */
export const provinces: Record<string, ProvinceConfig> = { fujian, shaanxi };

/** The validated config of a province, or an error naming the provinces there are. */
export function provinceConfig(key: string | undefined): ProvinceConfig {
  const config = key ? provinces[key] : undefined;
  if (!config) {
    throw new Error(`Give a province: -c province=<${Object.keys(provinces).join('|')}>${key ? ` (no province "${key}")` : ''}`);
  }
  return ProvinceConfigSchema.parse(config);
}
