/** Milliseconds since the epoch; injectable so that expiry and lock-outs are tested without waiting. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
