/** A `metav1.Time` (RFC 3339, whole seconds), as events and conditions carry. */
export function kubeTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A `metav1.MicroTime` (RFC 3339 with six fractional digits), as Leases carry. */
export function kubeMicroTime(at: Date): string {
  return at.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
