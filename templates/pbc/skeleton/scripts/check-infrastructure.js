// Re-runs cdk-nag on the rendered CloudFormation template, as the portal did when it rendered
// it: AWS Solutions always, PCI DSS 3.2.1 with --pci. A rule is skipped on a resource only where
// the template's own Metadata acknowledges it with a reason (cdk_nag.rules_to_suppress), so an
// edited template cannot pass by losing a check. Needs aws-cdk-lib, constructs and cdk-nag
// (the deploy workflow installs them); exits 1 on any finding.
const { App, CfnResource, Stack, Validations } = require('aws-cdk-lib');
const { CfnInclude } = require('aws-cdk-lib/cloudformation-include');
const { AwsSolutionsChecks, PCIDSS321Checks } = require('cdk-nag');

const [templateFile, ...flags] = process.argv.slice(2);
if (!templateFile) {
  console.error('usage: check-infrastructure.js <template.yaml> [--pci]');
  process.exit(2);
}

const app = new App({ analyticsReporting: false });
const stack = new Stack(app, 'Rendered');
new CfnInclude(stack, 'Template', { templateFile });

const problems = [];
for (const resource of stack.node.findAll().filter(CfnResource.isCfnResource)) {
  const rules = resource.cfnOptions.metadata?.cdk_nag?.rules_to_suppress ?? [];
  for (const rule of rules) {
    if (typeof rule?.id !== 'string' || typeof rule.reason !== 'string' || rule.reason.trim() === '') {
      problems.push(`${resource.logicalId}: acknowledgment without a reason: ${JSON.stringify(rule)}`);
      continue;
    }
    Validations.of(resource).acknowledge({ id: rule.id, reason: rule.reason });
  }
}

const packs = flags.includes('--pci')
  ? [new AwsSolutionsChecks(), new PCIDSS321Checks()]
  : [new AwsSolutionsChecks()];
for (const pack of packs) {
  for (const violation of pack.validateScope(stack).violations) {
    for (const resource of violation.violatingResources) {
      problems.push(`${violation.ruleName} ${resource.constructPath}: ${violation.description}`);
    }
  }
}

for (const problem of problems) {
  console.error(problem);
}
console.log(`cdk-nag: ${problems.length} finding(s) in ${templateFile}`);
process.exit(problems.length === 0 ? 0 : 1);
