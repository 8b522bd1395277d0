/**
 * The text of the article sections that controls link to, for readers that cannot open the
 * docs site (the compliance dashboard's assistant actions). Isomorphic: the text is generated
 * into `guidanceSections.ts` by `yarn generate`, so nothing reads the docs folder at run time.
 *
 * @packageDocumentation
 */
import type { Guidance } from '@pbc-portal/pbc-domain';
import { GUIDANCE_SECTIONS } from './guidanceSections';
import type { SectionText } from './sectionText';

export type { SectionText } from './sectionText';

/** The heading and text of the section a control's guidance points at. @public */
export function guidanceSection(guidance: Guidance): SectionText | undefined {
  return GUIDANCE_SECTIONS[`${guidance.article}#${guidance.anchor}`];
}
