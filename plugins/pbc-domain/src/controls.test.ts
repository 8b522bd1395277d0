import { ARTICLES, PARTS } from './articles';
import { configRulesOf, slugifyHeading } from './catalog';
import { CONTROLS } from './controls';
import {
  CONTROL_FAMILIES,
  FAMILY_CODES,
  RISK_PREDICATE_DESCRIPTIONS,
  SEVERITIES,
} from './types';

const ID = /^PBC-(IAM|NET|MSG|DATA|EDGE|OBS|GOV)-(\d{2})$/;
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const UPPER_SNAKE = /^[A-Z0-9]+(_[A-Z0-9]+)*$/;
const RESOURCE_TYPE = /^(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+|\*)$/;
const EVENT_SOURCE = /^([a-z0-9-]+\.amazonaws\.com|\*)$/;
const EVENT_NAME = /^([A-Z][A-Za-z0-9]+|\*)$/;

describe('controls data', () => {
  it('has at least 44 controls', () => {
    expect(CONTROLS.length).toBeGreaterThanOrEqual(44);
  });

  it('has unique, well-formed ids whose code matches the family', () => {
    const ids = CONTROLS.map(c => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const control of CONTROLS) {
      const match = ID.exec(control.id);
      expect(match).not.toBeNull();
      expect(match![1]).toBe(FAMILY_CODES[control.family]);
      expect(Number(match![2])).toBeGreaterThan(0);
    }
  });

  it('numbers each family without gaps', () => {
    for (const family of CONTROL_FAMILIES) {
      const numbers = CONTROLS.filter(c => c.family === family)
        .map(c => Number(ID.exec(c.id)![2]))
        .sort((a, b) => a - b);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    }
  });

  it('has at least 3 controls in every family', () => {
    for (const family of CONTROL_FAMILIES) {
      expect(
        CONTROLS.filter(c => c.family === family).length,
      ).toBeGreaterThanOrEqual(3);
    }
  });

  it('uses only known severities, scopes and levels', () => {
    for (const control of CONTROLS) {
      expect(SEVERITIES).toContain(control.severity);
      expect(['all', 'pci']).toContain(control.scope);
      expect(['pbc', 'account']).toContain(control.level);
    }
  });

  it('has short prose that ends in a full stop', () => {
    for (const control of CONTROLS) {
      expect(control.title.trim()).toBe(control.title);
      expect(control.title.length).toBeGreaterThan(10);
      expect(control.description).toMatch(/\.$/);
      expect(control.description.length).toBeLessThan(450);
      expect(control.remediation).toMatch(/\.$/);
      expect(control.prevention.pattern.length).toBeGreaterThan(20);
    }
  });

  it('names CloudFormation resource types', () => {
    for (const control of CONTROLS) {
      for (const type of control.resourceTypes) {
        expect(type).toMatch(RESOURCE_TYPE);
      }
    }
  });

  it('has at least one prevention check or a detection', () => {
    for (const control of CONTROLS) {
      const { configRule, customRule, cloudTrail } = control.detection;
      const detected =
        configRule !== undefined ||
        customRule !== undefined ||
        cloudTrail.length > 0;
      expect(control.prevention.checks.length > 0 || detected).toBe(true);
    }
  });

  it('explains detection without a managed Config rule', () => {
    for (const control of CONTROLS) {
      const { configRule, customRule } = control.detection;
      expect(configRule !== undefined || (customRule ?? '').length > 0).toBe(
        true,
      );
    }
  });

  it('uses well-formed prevention check ids', () => {
    const expected: Record<string, (rule: string, id: string) => boolean> = {
      'cdk-nag': rule => /^AwsSolutions-[A-Z0-9]*[A-Z][0-9]+$/.test(rule),
      'cfn-lint': rule => /^[EWI]\d{4}$/.test(rule),
      // Our own checks are named after the control they prove.
      'pbc-portal': (rule, id) => rule === id,
      guard: rule => rule.length > 0,
    };
    const bad = CONTROLS.flatMap(control =>
      control.prevention.checks
        .filter(check => !expected[check.tool]?.(check.rule, control.id))
        .map(check => `${control.id} ${check.tool}:${check.rule}`),
    );
    expect(bad).toEqual([]);
    for (const control of CONTROLS) {
      const keys = control.prevention.checks.map(c => `${c.tool}:${c.rule}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('uses UPPER_SNAKE Config identifiers, each mapped to one control', () => {
    const owner = new Map<string, string>();
    for (const control of CONTROLS) {
      const identifiers = configRulesOf(control).map(r => r.identifier);
      expect(new Set(identifiers).size).toBe(identifiers.length);
      for (const rule of configRulesOf(control)) {
        expect(rule.identifier).toMatch(UPPER_SNAKE);
        for (const value of Object.values(rule.inputParameters ?? {})) {
          expect(typeof value).toBe('string');
        }
        expect(owner.get(rule.identifier) ?? control.id).toBe(control.id);
        owner.set(rule.identifier, control.id);
      }
    }
  });

  it('has well-formed CloudTrail risk signals with known predicates', () => {
    const predicates = Object.keys(RISK_PREDICATE_DESCRIPTIONS);
    const signals = CONTROLS.flatMap(c => c.detection.cloudTrail);
    for (const signal of signals) {
      expect(signal.eventSource).toMatch(EVENT_SOURCE);
      expect(signal.eventNames.length).toBeGreaterThan(0);
      for (const name of signal.eventNames) {
        expect(name).toMatch(EVENT_NAME);
      }
      expect(signal.why).toMatch(/\.$/);
    }
    expect(
      signals.filter(s => s.when !== undefined && !predicates.includes(s.when)),
    ).toEqual([]);
    // A wildcard source without a predicate would flag every event.
    expect(
      signals.filter(s => s.eventSource === '*' && s.when === undefined),
    ).toEqual([]);
  });

  it('uses every risk predicate it defines', () => {
    const used = new Set(
      CONTROLS.flatMap(c => c.detection.cloudTrail.map(s => s.when)),
    );
    for (const predicate of Object.keys(RISK_PREDICATE_DESCRIPTIONS)) {
      expect({ predicate, used: used.has(predicate as any) }).toEqual({
        predicate,
        used: true,
      });
    }
  });

  it('links every control to a section of a real article', () => {
    for (const control of CONTROLS) {
      const article = ARTICLES.find(a => a.slug === control.guidance.article);
      expect(article).toBeDefined();
      expect(control.guidance.anchor).toMatch(KEBAB);
      expect(article!.sections.map(s => s.anchor)).toContain(
        control.guidance.anchor,
      );
    }
  });
});

describe('articles data', () => {
  it('lists the 14 articles in order with slugs that carry their number', () => {
    expect(ARTICLES.map(a => a.number)).toEqual(
      Array.from({ length: 14 }, (_, i) => i + 1),
    );
    for (const article of ARTICLES) {
      expect(
        article.slug.startsWith(String(article.number).padStart(2, '0')),
      ).toBe(true);
      expect(article.slug).toMatch(KEBAB);
      expect(PARTS).toContain(article.part);
      expect(article.topics.length).toBeGreaterThan(0);
      expect(article.summary.length).toBeGreaterThan(40);
    }
  });

  it('keeps parts in reading order', () => {
    const partIndexes = ARTICLES.map(a => PARTS.indexOf(a.part));
    expect(partIndexes).toEqual([...partIndexes].sort((a, b) => a - b));
    expect(new Set(ARTICLES.map(a => a.part)).size).toBe(PARTS.length);
  });

  it('gives each section the anchor mkdocs would generate', () => {
    for (const article of ARTICLES) {
      const anchors = article.sections.map(s => s.anchor);
      expect(new Set(anchors).size).toBe(anchors.length);
      for (const section of article.sections) {
        expect(section.anchor).toBe(slugifyHeading(section.heading));
      }
    }
  });

  it('lists only sections that some control links to, and every article is linked', () => {
    const linked = new Set(
      CONTROLS.map(c => `${c.guidance.article}#${c.guidance.anchor}`),
    );
    for (const article of ARTICLES) {
      for (const section of article.sections) {
        expect(linked).toContain(`${article.slug}#${section.anchor}`);
      }
      expect(CONTROLS.some(c => c.guidance.article === article.slug)).toBe(
        true,
      );
    }
  });
});
