import { defineControls, nag, own } from './define';

/** The edge family: traffic entry and elasticity (CloudFront, WAF, Route 53, ALB, Auto Scaling). In id order. */
export const edgeControls = defineControls([
  {
    id: 'PBC-EDGE-01',
    title: 'Load balancers write access logs',
    family: 'edge',
    severity: 'medium',
    description:
      'Every ALB delivers access logs to the central log bucket. They show which PBC route served which request when CloudWatch metrics only show that something went wrong.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
    prevention: {
      pattern:
        'Generated load balancers set access_logs.s3.enabled=true with the central log bucket.',
      checks: [nag('ELB2')],
    },
    detection: {
      configRule: { identifier: 'ELB_LOGGING_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'elasticloadbalancing.amazonaws.com',
          eventNames: ['ModifyLoadBalancerAttributes'],
          when: 'logging-disabled',
          why: 'Access logging was turned off on a load balancer.',
        },
      ],
    },
    remediation:
      'Turn access logs back on through the stack and note the gap for incident investigations.',
    guidance: {
      article: '05-elasticity',
      anchor: 'access-logs-on-every-load-balancer',
    },
  },
  {
    id: 'PBC-EDGE-02',
    title: 'Load balancers serve HTTPS and redirect HTTP',
    family: 'edge',
    severity: 'high',
    description:
      'ALB listeners terminate TLS with an ACM certificate and the post-quantum security policy AWS recommends (ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09: TLS 1.3 and 1.2, hybrid ML-KEM key exchange); any HTTP listener only redirects to HTTPS. Checkout and account pages must never be served in clear text.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener'],
    prevention: {
      pattern:
        "The platform's shared ALB listens with HTTPS on 443 (ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09) and on 80 with a single 301 redirect to 443; a platform rendered without its certificate reports this control open until it is re-rendered with one.",
      checks: [own('PBC-EDGE-02')],
    },
    detection: {
      configRule: { identifier: 'ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK' },
      cloudTrail: [
        {
          eventSource: 'elasticloadbalancing.amazonaws.com',
          eventNames: ['CreateListener', 'ModifyListener'],
          when: 'plain-http-listener',
          why: 'A listener now serves plain HTTP.',
        },
      ],
    },
    remediation:
      'Change the HTTP listener’s default action to a redirect to HTTPS (status 301) through the stack.',
    guidance: { article: '05-elasticity', anchor: 'hardening-alb-listeners' },
  },
  {
    id: 'PBC-EDGE-03',
    title: 'Load balancers drop invalid HTTP headers',
    family: 'edge',
    severity: 'low',
    description:
      'ALBs drop header fields that are not valid HTTP. This closes a class of request-smuggling tricks against PBC backends that parse headers differently.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
    prevention: {
      pattern:
        'Generated load balancers set routing.http.drop_invalid_header_fields.enabled=true.',
      checks: [own('PBC-EDGE-03')],
    },
    detection: {
      configRule: { identifier: 'ALB_HTTP_DROP_INVALID_HEADER_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'elasticloadbalancing.amazonaws.com',
          eventNames: ['ModifyLoadBalancerAttributes'],
          when: 'header-validation-disabled',
          why: 'Invalid header dropping was turned off.',
        },
      ],
    },
    remediation: 'Set the attribute back to true through the stack.',
    guidance: { article: '05-elasticity', anchor: 'hardening-alb-listeners' },
  },
  {
    id: 'PBC-EDGE-04',
    title: 'Public load balancers sit behind AWS WAF',
    family: 'edge',
    severity: 'high',
    description:
      'Every internet-facing ALB is associated with the platform web ACL. Bots, credential stuffing and injection attempts are cheaper to stop once at the edge than in fifteen PBCs.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: [
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'AWS::WAFv2::WebACLAssociation',
    ],
    prevention: {
      pattern:
        'Internet-facing ALBs get an AWS::WAFv2::WebACLAssociation to the platform regional web ACL.',
      checks: [own('PBC-EDGE-04')],
    },
    detection: {
      configRule: { identifier: 'ALB_WAF_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'wafv2.amazonaws.com',
          eventNames: ['DisassociateWebACL'],
          why: 'A web ACL was removed from a resource.',
        },
      ],
    },
    remediation:
      'Re-associate the platform web ACL with the load balancer from the stack.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'waf-in-front-of-every-storefront',
    },
  },
  {
    id: 'PBC-EDGE-05',
    title: 'CloudFront serves viewers over HTTPS with modern TLS',
    family: 'edge',
    severity: 'high',
    description:
      'Distributions redirect or refuse HTTP and use a TLSv1.2_2021 (or newer) security policy with a custom certificate. Old protocol versions expose shoppers to downgrade attacks.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::CloudFront::Distribution'],
    prevention: {
      pattern:
        'Generated distributions set ViewerProtocolPolicy redirect-to-https on every behaviour and MinimumProtocolVersion TLSv1.2_2021.',
      checks: [nag('CFR4'), own('PBC-EDGE-05')],
    },
    detection: {
      configRule: { identifier: 'CLOUDFRONT_VIEWER_POLICY_HTTPS' },
      relatedConfigRules: [{ identifier: 'CLOUDFRONT_SECURITY_POLICY_CHECK' }],
      cloudTrail: [
        {
          eventSource: 'cloudfront.amazonaws.com',
          eventNames: ['CreateDistribution', 'UpdateDistribution'],
          when: 'viewer-allows-http',
          why: 'A distribution now allows HTTP or an outdated TLS policy.',
        },
      ],
    },
    remediation:
      'Set redirect-to-https and TLSv1.2_2021 on the distribution through the stack.',
    guidance: {
      article: '11-infrastructure-glue',
      anchor: 'tls-from-viewer-to-origin',
    },
  },
  {
    id: 'PBC-EDGE-06',
    title: 'CloudFront distributions are protected by AWS WAF',
    family: 'edge',
    severity: 'high',
    description:
      'Every distribution is associated with the platform’s global web ACL. The storefront’s edge is where scraping and checkout abuse arrive first.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::CloudFront::Distribution'],
    prevention: {
      pattern:
        'Generated distributions set WebACLId to the platform global web ACL.',
      checks: [nag('CFR2'), own('PBC-EDGE-06')],
    },
    detection: {
      configRule: { identifier: 'CLOUDFRONT_ASSOCIATED_WITH_WAF' },
      cloudTrail: [
        {
          eventSource: 'cloudfront.amazonaws.com',
          eventNames: ['UpdateDistribution'],
          when: 'web-acl-detached',
          why: 'A distribution lost its web ACL.',
        },
      ],
    },
    remediation:
      'Re-attach the platform web ACL to the distribution through the stack.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'waf-in-front-of-every-storefront',
    },
  },
  {
    id: 'PBC-EDGE-07',
    title: 'CloudFront reaches S3 through origin access control',
    family: 'edge',
    severity: 'high',
    description:
      'S3 origins are reached with origin access control and the bucket policy allows only that distribution. Assets then cannot be fetched around CloudFront, its WAF and its caching.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: [
      'AWS::CloudFront::Distribution',
      'AWS::CloudFront::OriginAccessControl',
      'AWS::S3::BucketPolicy',
    ],
    prevention: {
      pattern:
        'Generated distributions use an OriginAccessControl for S3 origins; the bucket policy allows s3:GetObject to cloudfront.amazonaws.com conditioned on the distribution ARN.',
      checks: [nag('CFR7'), own('PBC-EDGE-07')],
    },
    detection: {
      configRule: { identifier: 'CLOUDFRONT_S3_ORIGIN_ACCESS_CONTROL_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'cloudfront.amazonaws.com',
          eventNames: ['DeleteOriginAccessControl'],
          why: 'An origin access control was deleted.',
        },
      ],
    },
    remediation:
      'Attach an origin access control to the S3 origin and restrict the bucket policy to the distribution.',
    guidance: {
      article: '11-infrastructure-glue',
      anchor: 'origin-access-control-for-s3',
    },
  },
  {
    id: 'PBC-EDGE-08',
    title: 'CloudFront talks to custom origins over TLS',
    family: 'edge',
    severity: 'medium',
    description:
      'Custom origins (ALBs, API endpoints) are reached with origin protocol policy https-only and TLS 1.2. Encryption that stops at the edge leaves the longest hop in clear text.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::CloudFront::Distribution'],
    prevention: {
      pattern:
        'Generated custom origins set OriginProtocolPolicy https-only and OriginSSLProtocols TLSv1.2.',
      checks: [nag('CFR5'), own('PBC-EDGE-08')],
    },
    detection: {
      configRule: { identifier: 'CLOUDFRONT_TRAFFIC_TO_ORIGIN_ENCRYPTED' },
      cloudTrail: [],
    },
    remediation:
      'Set the origin protocol policy to https-only through the stack; make sure the origin has a valid certificate.',
    guidance: {
      article: '11-infrastructure-glue',
      anchor: 'tls-from-viewer-to-origin',
    },
  },
  {
    id: 'PBC-EDGE-09',
    title: 'CloudFront writes access logs',
    family: 'edge',
    severity: 'low',
    description:
      'Distributions log viewer requests to the central log bucket. Cache hit ratios per path and abuse investigations both start here.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::CloudFront::Distribution'],
    prevention: {
      pattern:
        'Generated distributions enable standard logging to the central log bucket.',
      checks: [nag('CFR3')],
    },
    detection: {
      configRule: { identifier: 'CLOUDFRONT_ACCESSLOGS_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'cloudfront.amazonaws.com',
          eventNames: ['UpdateDistribution'],
          when: 'logging-disabled',
          why: 'Logging was turned off for a distribution.',
        },
      ],
    },
    remediation: 'Turn logging back on through the stack.',
    guidance: {
      article: '11-infrastructure-glue',
      anchor: 'logging-at-the-edge',
    },
  },
  {
    id: 'PBC-EDGE-10',
    title: 'Web ACLs carry managed and rate-based rules',
    family: 'edge',
    severity: 'high',
    description:
      'The platform web ACLs contain the AWS managed core, known-bad-input and bot rule groups plus a rate-based rule on login and checkout paths. An empty web ACL looks like protection and is none.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::WAFv2::WebACL'],
    prevention: {
      pattern:
        'The edge stack renders web ACLs with the managed rule groups and rate limits from the platform config.',
      checks: [own('PBC-EDGE-10')],
    },
    detection: {
      configRule: { identifier: 'WAFV2_WEBACL_NOT_EMPTY' },
      cloudTrail: [
        {
          eventSource: 'wafv2.amazonaws.com',
          eventNames: ['UpdateWebACL'],
          when: 'web-acl-rules-removed',
          why: 'Rules were removed from a web ACL.',
        },
        {
          eventSource: 'wafv2.amazonaws.com',
          eventNames: ['DeleteWebACL'],
          why: 'A web ACL was deleted.',
        },
      ],
    },
    remediation:
      'Redeploy the edge stack to restore the rule set; review WAF logs for traffic admitted meanwhile.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'waf-in-front-of-every-storefront',
    },
  },
  {
    id: 'PBC-EDGE-11',
    title: 'WAF decisions are logged',
    family: 'edge',
    severity: 'medium',
    description:
      'Web ACLs send logs to the central log store. Tuning rules for a storefront without blocking real shoppers needs the record of what was blocked and why.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::WAFv2::WebACL', 'AWS::WAFv2::LoggingConfiguration'],
    prevention: {
      pattern:
        'The edge stack renders a WAFv2 LoggingConfiguration for each web ACL.',
      checks: [own('PBC-EDGE-11')],
    },
    detection: {
      configRule: { identifier: 'WAFV2_LOGGING_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'wafv2.amazonaws.com',
          eventNames: ['DeleteLoggingConfiguration'],
          why: 'WAF logging was turned off.',
        },
      ],
    },
    remediation: 'Restore the logging configuration from the edge stack.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'waf-in-front-of-every-storefront',
    },
  },
  {
    id: 'PBC-EDGE-12',
    title: 'Routed PBC endpoints have business-readiness health checks',
    family: 'edge',
    severity: 'high',
    description:
      'Every failover, latency or weighted Route 53 record for a PBC endpoint has a health check against a readiness path that exercises the PBC’s dependencies. A port that answers is not a PBC that can take orders.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::Route53::HealthCheck', 'AWS::Route53::RecordSet'],
    prevention: {
      pattern:
        'The scaffolder renders a HealthCheck on `/health/ready` (HTTPS, string match) for each routed endpoint and sets HealthCheckId on its records.',
      checks: [own('PBC-EDGE-12')],
    },
    detection: {
      customRule:
        'Dashboard check: routing records of PBC hosted zones reference a health check whose resource path is the readiness path.',
      cloudTrail: [
        {
          eventSource: 'route53.amazonaws.com',
          eventNames: ['ChangeResourceRecordSets'],
          when: 'routing-record-without-health-check',
          why: 'A routing record was written without a health check.',
        },
        {
          eventSource: 'route53.amazonaws.com',
          eventNames: ['DeleteHealthCheck', 'UpdateHealthCheck'],
          why: 'A health check was removed or changed.',
        },
      ],
    },
    remediation:
      'Add the readiness health check to the PBC spec and re-render; verify failover by failing the check in a test environment.',
    guidance: {
      article: '09-route-53',
      anchor: 'health-checks-that-test-business-readiness',
    },
  },
  {
    id: 'PBC-EDGE-13',
    title: 'Auto Scaling groups use load balancer health checks',
    family: 'edge',
    severity: 'medium',
    description:
      'Groups behind a target group use ELB health checks with a grace period. Otherwise an instance whose application has hung keeps its place because EC2 still reports it running.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'],
    prevention: {
      pattern:
        'Generated groups set HealthCheckType ELB and a HealthCheckGracePeriod from the spec.',
      checks: [nag('AS2'), own('PBC-EDGE-13')],
    },
    detection: {
      configRule: { identifier: 'AUTOSCALING_GROUP_ELB_HEALTHCHECK_REQUIRED' },
      cloudTrail: [
        {
          eventSource: 'autoscaling.amazonaws.com',
          eventNames: ['CreateAutoScalingGroup', 'UpdateAutoScalingGroup'],
          when: 'ec2-health-check-only',
          why: 'A group behind a load balancer only uses EC2 health checks.',
        },
      ],
    },
    remediation: 'Set HealthCheckType to ELB on the group through the stack.',
    guidance: {
      article: '05-elasticity',
      anchor: 'health-checks-that-mean-healthy',
    },
  },
  {
    id: 'PBC-EDGE-14',
    title: 'PBC compute is stateless and spans Availability Zones',
    family: 'edge',
    severity: 'high',
    description:
      'PBC compute runs in Auto Scaling groups across at least two AZs, with all state in managed stores. Any instance can then be replaced, scaled or lost without losing a cart.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'],
    prevention: {
      pattern:
        'Generated groups use subnets in at least two AZs; the spec has no instance-local state (no instance store, no sticky sessions).',
      checks: [own('PBC-EDGE-14')],
    },
    detection: {
      configRule: { identifier: 'AUTOSCALING_MULTIPLE_AZ' },
      cloudTrail: [
        {
          eventSource: 'autoscaling.amazonaws.com',
          eventNames: ['UpdateAutoScalingGroup'],
          when: 'single-availability-zone',
          why: 'A group was narrowed to one Availability Zone.',
        },
      ],
    },
    remediation:
      'Add subnets from a second AZ to the group in the spec and move any local state to DynamoDB, ElastiCache or S3.',
    guidance: {
      article: '14-architecture-principles',
      anchor: 'stateless-pbcs-as-an-absolute-constraint',
    },
  },
  {
    id: 'PBC-EDGE-15',
    title: 'Load balancers serve targets in more than one AZ',
    family: 'edge',
    severity: 'medium',
    description:
      'Each load balancer has registered targets in at least two Availability Zones. An AZ is the unit of failure; a PBC in one AZ goes down with it.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: [
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'AWS::ElasticLoadBalancingV2::TargetGroup',
    ],
    prevention: {
      pattern:
        'Generated load balancers are placed in subnets of at least two AZs and fronted groups span the same AZs.',
      checks: [own('PBC-EDGE-15')],
    },
    detection: {
      configRule: { identifier: 'ELBV2_MULTIPLE_AZ' },
      cloudTrail: [
        {
          eventSource: 'elasticloadbalancing.amazonaws.com',
          eventNames: ['SetSubnets'],
          when: 'single-availability-zone',
          why: 'A load balancer was narrowed to one Availability Zone.',
        },
      ],
    },
    remediation:
      'Add a subnet in another AZ to the load balancer and register targets there.',
    guidance: {
      article: '01-global-infrastructure',
      anchor: 'availability-zones-as-the-unit-of-failure',
    },
  },
]);
