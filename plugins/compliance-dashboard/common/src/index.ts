/**
 * Types (DTOs), permissions, annotations and the scoring formula shared by
 * the compliance dashboard's frontend and backend.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './exemptions';
export * from './permissions';
export * from './scoring';
export * from './types';
