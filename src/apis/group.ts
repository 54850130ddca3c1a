/** API group of every Keelson resource. */
export const GROUP = 'keelson.dev';
/** The one served (and stored) version. */
export const VERSION = 'v1alpha1';
/** `keelson.dev/v1alpha1` */
export const API_VERSION = `${GROUP}/${VERSION}`;

/** The project an Application belongs to when `spec.project` is empty (as in Argo CD). */
export const DEFAULT_PROJECT_NAME = 'default';
/** How many entries `status.history` keeps when `spec.revisionHistoryLimit` is unset (as in Argo CD). */
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
