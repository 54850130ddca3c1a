import type { ApplicationSource as EngineSource } from '../source/index.js';
import type { ApplicationSource } from './source.js';

/**
 * Compile-time proof that an Application's `spec.source`, as the CRD schema
 * admits it, is something the source and render modules accept: if the two
 * definitions drift apart, this stops compiling.
 */
export const asEngineSource = (source: ApplicationSource): EngineSource => source;
