import { CfnOutput, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, type CfnElement } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type BehaviorOptions,
  type ResponseHeadersPolicyProps,
  type ResponseSecurityHeadersBehavior,
} from 'aws-cdk-lib/aws-cloudfront';
import { RestApiOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { PAGES } from '../../web/site.js';
import { securityHeaders } from '../../web/headers.js';
import type { ProvinceConfig } from '../provinces/schema.js';
import { acknowledgeNag } from './nag.js';
import { pagesAsset, webSourceDir } from './site-build.js';

/** The site's own settings in the province config when CloudFront hosts it. */
export type CloudFrontHosting = Extract<ProvinceConfig['web'], { hosting: 'cloudfront' }>;

export interface WebHostingProps {
  province: ProvinceConfig;
  hosting: CloudFrontHosting;
  /** The API the pages call at `/v1/*` on the same origin. */
  api: RestApi;
  /** How long the CDN's and the bucket's access logs are kept: the province's log retention. */
  logRetentionDays: number;
}

type SecurityHeaders = { -readonly [K in keyof ResponseSecurityHeadersBehavior]: ResponseSecurityHeadersBehavior[K] };

/**
 * CloudFront's response-headers policy carrying exactly the headers `web/headers.ts` gives a page,
 * the one place they are written: the security headers CloudFront has a setting for go there (it
 * refuses them as custom headers), every other header is a custom one. A header this cannot map
 * throws at synth rather than being left out silently.
 */
export function responseHeadersPolicyOf(headers: Record<string, string>): Pick<ResponseHeadersPolicyProps, 'securityHeadersBehavior' | 'customHeadersBehavior'> {
  const security: SecurityHeaders = {};
  const custom: { header: string; value: string; override: boolean }[] = [];
  for (const [name, value] of Object.entries(headers)) {
    switch (name.toLowerCase()) {
      case 'content-security-policy':
        security.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      case 'strict-transport-security': {
        const maxAge = /max-age=(\d+)/.exec(value)?.[1];
        if (!maxAge) throw new Error(`strict-transport-security without max-age: ${value}`);
        const directives = value.split(';').map((part) => part.trim().toLowerCase());
        security.strictTransportSecurity = { accessControlMaxAge: Duration.seconds(Number(maxAge)), includeSubdomains: directives.includes('includesubdomains'), preload: directives.includes('preload'), override: true };
        break;
      }
      case 'x-content-type-options':
        if (value !== 'nosniff') throw new Error(`x-content-type-options can only be nosniff on CloudFront, not ${value}`);
        security.contentTypeOptions = { override: true };
        break;
      case 'x-frame-options':
        security.frameOptions = { frameOption: frameOption(value), override: true };
        break;
      case 'referrer-policy':
        security.referrerPolicy = { referrerPolicy: referrerPolicy(value), override: true };
        break;
      default:
        custom.push({ header: name, value, override: true });
    }
  }
  return { securityHeadersBehavior: security, ...(custom.length > 0 ? { customHeadersBehavior: { customHeaders: custom } } : {}) };
}

function frameOption(value: string): HeadersFrameOption {
  const found = Object.values(HeadersFrameOption).find((option) => option === value.toUpperCase());
  if (!found) throw new Error(`x-frame-options ${value} is not one CloudFront sets`);
  return found;
}

function referrerPolicy(value: string): HeadersReferrerPolicy {
  const found = Object.values(HeadersReferrerPolicy).find((policy) => policy === value.toLowerCase());
  if (!found) throw new Error(`referrer-policy ${value} is not one CloudFront sets`);
  return found;
}

/**
 * CDK's BucketDeployment copies the build with a provider function of its own (one per stack),
 * whose runtime and role CDK writes; what it is allowed is acknowledged here, on that function.
 */
function acknowledgeBucketDeploymentNag(deployment: BucketDeployment, site: Bucket): void {
  const provider = deployment.handlerRole.node.scope;
  if (!provider) throw new Error('BucketDeployment has no provider function');
  acknowledgeNag(provider, 'L1', 'CDK chooses and upgrades the runtime of its BucketDeployment provider (Python, run only during deployments); it has no code of ours to keep in step.');
  acknowledgeNag(provider, 'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'AWSLambdaBasicExecutionRole only lets the deployment provider write its CloudWatch logs; it carries no data access.');
  const objects = 'The deployment provider copies the build from the CDK asset bucket to the site bucket and deletes what the build no longer has: CDK grants S3 read on the asset objects and read/write on the site bucket\'s objects as action families, on those buckets alone.';
  const stack = Stack.of(site);
  const siteObjects = `Resource::<${stack.getLogicalId(site.node.defaultChild as CfnElement)}.Arn>/*`;
  // The asset bucket as cdk-nag renders it: the default bootstrap's name, in the stack's region.
  const assetObjects = `Resource::arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-${stack.region}/*`;
  for (const finding of ['Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*', 'Action::s3:DeleteObject*', 'Action::s3:Abort*', siteObjects, assetObjects]) {
    acknowledgeNag(provider, `IAM5[${finding}]`, objects);
  }
  acknowledgeNag(provider, 'IAM5[Resource::*]', 'cloudfront:CreateInvalidation and GetInvalidation, which the provider calls to drop the CDN\'s copies after a deployment, are granted by CDK on every distribution.');
}

/**
 * The viewer-request function that gives each page its path, from the same `PAGES` map the local
 * gateway serves by (`/join` is `join.html` in the bucket). It runs at the edge and is no script
 * of the pages: their CSP still allows none inline.
 */
export function pageRoutesCode(pages: Record<string, string> = PAGES): string {
  return [
    `var pages = ${JSON.stringify(pages)};`,
    'function handler(event) {',
    '  var request = event.request;',
    '  var file = pages[request.uri];',
    "  if (file) request.uri = '/' + file;",
    '  return request;',
    '}',
  ].join('\n');
}

/**
 * The web pages of a deployed province (ADR 0030): the build of `web/build.ts` for this province
 * in a private, versioned, encrypted bucket that only this distribution may read (origin access
 * control); the distribution serves the pages at their paths with the headers of
 * `web/headers.ts` and sends `/v1/*` to the API uncached, so the pages call the API on their own
 * origin and need no CORS. The build runs once per synthesis, beside the functions' bundles, and
 * is skipped where CDK skips bundling (the infra tests).
 */
export class WebHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** Where the pages are: the province's domain if it has one, else the distribution's own. */
  readonly siteUrl: string;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    const { province, hosting } = props;

    // Server access logs of the site bucket and the distribution's standard logs. CloudFront
    // writes standard logs through bucket ACLs, which need the object writer's ownership and
    // S3-managed encryption (it cannot write to a KMS-encrypted bucket).
    const logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(props.logRetentionDays) }],
      // Both buckets stay when the stack goes: CloudFormation cannot delete a bucket that holds
      // objects (or, versioned, their old versions), and logs outlive the stack in any case.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNag(logs, 'S1', 'This bucket is itself the access-log bucket of the site bucket and the distribution; logging its own access would log the logs.');

    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site-bucket/',
      // Earlier builds are kept a while to roll back to by hand, then go.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const pageRoutes = new EdgeFunction(this, 'PageRoutes', {
      code: FunctionCode.fromInline(pageRoutesCode()),
      runtime: FunctionRuntime.JS_2_0,
      comment: `${province.key}: serves each page at its path`,
    });
    const pageHeaders = (page: 'docs' | 'other') =>
      new ResponseHeadersPolicy(this, page === 'docs' ? 'DocsHeaders' : 'PageHeaders', {
        comment: `${province.key}: the security headers of web/headers.ts${page === 'docs' ? ' (API reference page)' : ''}`,
        ...responseHeadersPolicyOf(securityHeaders(page, province.jwt.issuer)),
      });
    const siteOrigin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const page = (headers: ResponseHeadersPolicy): BehaviorOptions => ({
      origin: siteOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: headers,
      functionAssociations: [{ function: pageRoutes, eventType: FunctionEventType.VIEWER_REQUEST }],
    });
    const otherPages = pageHeaders('other');

    const domain = hosting.domain;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `${province.name} union services: web pages and API`,
      defaultRootObject: PAGES['/'],
      defaultBehavior: page(otherPages),
      additionalBehaviors: {
        // Same origin as the pages: no CORS. Never cached; every viewer header but Host (API
        // Gateway answers only to its own) reaches the API, Authorization and X-Api-Key included.
        '/v1/*': {
          origin: new RestApiOrigin(props.api),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
        '/docs': page(pageHeaders('docs')),
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'distribution/',
      ...(domain
        ? { domainNames: [domain.name], certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn), minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 }
        : {}),
      ...(hosting.webAclArn ? { webAclId: hosting.webAclArn } : {}),
    });
    acknowledgeNag(this.distribution, 'CFR1',
      'The pages serve workers and union staff wherever they are (migrant workers travel); the API behind them authorizes every request, so no country is blocked at the edge.');
    if (!hosting.webAclArn) {
      acknowledgeNag(this.distribution, 'CFR2',
        `${province.name} runs without a WAF web ACL (config waf: false); the API's stage throttling and authorizer bound abuse of /v1/*, and the pages are static.`);
    }
    if (!domain) {
      acknowledgeNag(this.distribution, 'CFR4',
        'Without a province domain (config web.domain) the distribution uses its own *.cloudfront.net certificate, whose minimum protocol CloudFront fixes; with one, TLS 1.2 (2021) is the minimum.');
    }

    const deployment = new BucketDeployment(this, 'Pages', {
      sources: [Source.asset(webSourceDir, pagesAsset(province))],
      destinationBucket: this.bucket,
      // Browsers revalidate at every load, as locally; the CDN keeps its copies until the
      // invalidation that follows each deployment replaces them.
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.seconds(0)), CacheControl.sMaxAge(Duration.days(365))],
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    acknowledgeBucketDeploymentNag(deployment, this.bucket);

    this.siteUrl = `https://${domain?.name ?? this.distribution.distributionDomainName}`;
    new CfnOutput(this, 'SiteUrl', { value: this.siteUrl, description: 'The web pages: /join, /me, /console, /docs' });
  }
}
