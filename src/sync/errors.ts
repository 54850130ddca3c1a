import { KeelsonError } from '../core/index.js';

/** A Keelson annotation on an object has a value Keelson cannot use. The message names the object. */
export class InvalidAnnotationError extends KeelsonError {}

/**
 * A wave did not become healthy, or a hook did not complete, before the
 * deadline. An expected wait that ran out, not a failure of the engine.
 */
export class WaveTimeoutError extends KeelsonError {}

/** The object exists but is not this application's (another marker, or none): it is left alone. */
export class OwnershipConflictError extends KeelsonError {}
