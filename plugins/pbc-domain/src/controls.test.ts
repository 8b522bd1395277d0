import { configRulesOf } from './catalog';
import { CONTROLS, isControlId } from './controls';
import { dataControls } from './controls/data';
import { edgeControls } from './controls/edge';
import { governanceControls } from './controls/governance';
import { identityControls } from './controls/identity';
import { messagingControls } from './controls/messaging';
import { networkControls } from './controls/network';
import { observabilityControls } from './controls/observability';
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

describe('the catalog split by family', () => {
  const files = {
    identity: identityControls,
    network: networkControls,
    messaging: messagingControls,
    data: dataControls,
    edge: edgeControls,
    observability: observabilityControls,
    governance: governanceControls,
  };

  it('keeps each family in its own file', () => {
    for (const [family, controls] of Object.entries(files)) {
      expect(controls.length).toBeGreaterThan(0);
      expect(controls.filter(c => c.family !== family)).toEqual([]);
    }
  });

  it('lists the families in CONTROL_FAMILIES order, each in id order', () => {
    expect(CONTROLS.map(c => c.id)).toEqual(
      CONTROL_FAMILIES.flatMap(family => files[family].map(c => c.id)),
    );
    for (const controls of Object.values(files)) {
      const ids = controls.map(c => c.id);
      expect(ids).toEqual([...ids].sort());
    }
  });

  it('tells the ids of the catalog from other strings', () => {
    expect(isControlId('PBC-MSG-01')).toBe(true);
    expect(isControlId('PBC-MSG-99')).toBe(false);
    expect(isControlId('pbc-msg-01')).toBe(false);
  });
});

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

  // Whether the anchor is a heading of the article is the docs tooling's test.
  it('links every control to a kebab-case anchor', () => {
    for (const control of CONTROLS) {
      expect(control.guidance.anchor).toMatch(KEBAB);
    }
  });
});
