import { AssetHashType, DockerImage, type AssetOptions, type ILocalBundling } from 'aws-cdk-lib';
import { resolve } from 'node:path';
import { buildWeb } from '../../web/build.js';
import type { ProvinceConfig } from '../provinces/schema.js';

/** The pages' sources; their build, not these files, is what is deployed. */
export const webSourceDir = resolve(import.meta.dirname, '..', '..', 'web');

/** What of a province's config its pages are built with (web/build.ts). */
type PagesConfig = Parameters<typeof buildWeb>[1] & object;

/**
 * Builds the pages for one province into the asset's folder. The config is a field of its own on
 * purpose: CDK caches staged assets for the whole process by their options, which include this
 * object's fields but not its method, so two provinces synthesized together (`npm run synth:all`)
 * get a build each instead of sharing the first.
 */
class PagesBuild implements ILocalBundling {
  constructor(readonly pages: PagesConfig) {}

  tryBundle(outputDir: string): boolean {
    buildWeb(outputDir, this.pages);
    return true;
  }
}

/**
 * An asset of the province's web pages, wherever the stack hosts them (CloudFront's bucket or the
 * site function, ADR 0030 and 0032): the build of `web/build.ts` with the province's platforms and
 * identity provider compiled in, made once per synthesis by CDK's local bundling hook like the
 * functions' bundles, and skipped where CDK skips bundling (the infra tests).
 */
export function pagesAsset(province: ProvinceConfig): AssetOptions {
  const { code, name, platforms, jwt } = province;
  return {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used: the build is local TypeScript and esbuild, as the functions' bundles are.
      image: DockerImage.fromRegistry('scratch'),
      local: new PagesBuild({ code, name, platforms, jwt }),
    },
  };
}
