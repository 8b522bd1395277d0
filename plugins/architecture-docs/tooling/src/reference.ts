import { ARTICLES } from './articles';
import { configRulesOf } from './catalog';
import { CONTROLS } from './controls';
import { CONTROL_FAMILIES, Control } from './types';

// Markdown table cells cannot hold a pipe or a line break.
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function detectionOf(control: Control): string {
  const parts = configRulesOf(control).map(rule => `\`${rule.identifier}\``);
  if (control.detection.customRule) {
    parts.push(`custom: ${control.detection.customRule}`);
  }
  const events = control.detection.cloudTrail.flatMap(signal =>
    signal.eventNames.map(name => `\`${name}\``),
  );
  if (events.length > 0) {
    parts.push(`CloudTrail ${[...new Set(events)].join(', ')}`);
  }
  return parts.join('; ') || '—';
}

/**
 * Renders the "Controls reference" page of the architecture series from the catalog, so the
 * page cannot drift from the data. docs/controls.md is this function's output.
 */
export function renderControlsReference(): string {
  const titleOf = new Map(ARTICLES.map(a => [a.slug, a.title]));
  const lines: string[] = [
    '# Controls reference',
    '',
    '<!-- Generated from plugins/architecture-docs/controls by renderControlsReference(); do not edit. -->',
    '',
    `Every rule of the reference architecture that PBC Portal enforces: ${CONTROLS.length} controls in`,
    `${CONTROL_FAMILIES.length} families. Each is **prevented** in the infrastructure the \`pbc\` template`,
    'generates (and proven there by a static check), **detected** in running accounts by AWS Config',
    'and CloudTrail, and **explained** in a section of the series. Scope `pci` applies only to PBCs',
    'that touch cardholder data; level `account` is an account baseline rather than a per-PBC rule.',
    '',
  ];
  for (const family of CONTROL_FAMILIES) {
    const controls = CONTROLS.filter(c => c.family === family);
    lines.push(`## ${family[0].toUpperCase()}${family.slice(1)}`, '');
    lines.push(
      '| Control | Severity | Scope | Prevented by | Detected by | Explained in |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const c of controls) {
      const checks =
        c.prevention.checks.map(k => `${k.tool} \`${k.rule}\``).join(', ') ||
        '—';
      const article = titleOf.get(c.guidance.article) ?? c.guidance.article;
      lines.push(
        `| **${c.id}** ${cell(c.title)} | ${c.severity} | ${c.scope}, ${
          c.level
        } | ${cell(checks)} | ${cell(detectionOf(c))} | [${cell(article)}](${
          c.guidance.article
        }.md#${c.guidance.anchor}) |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}
