/**
 * How the CLI shows things: aligned tables, key/value summaries, JSON/YAML
 * (`-o`), coloured diffs and resource trees. Pure formatting: every function
 * returns a string; the commands decide where it goes.
 */
export { formatTable, formatFields } from './table.js';
export { parseOutputFormat, formatData, type OutputFormat } from './format.js';
export {
  parseColorMode,
  shouldColor,
  painter,
  colorUnifiedDiff,
  type ColorMode,
  type Painter,
  type Style,
} from './color.js';
export {
  countDifferences,
  hasDifferences,
  formatDiffSummary,
  formatApplicationDiff,
  resourceTitle,
  type DiffCounts,
} from './diff-view.js';
export {
  clusterOf,
  syncPolicyText,
  formatApplicationList,
  formatApplicationSummary,
  formatOperationState,
  formatConditions,
  formatManagedResources,
  formatApplication,
  formatHistory,
  formatOperationResources,
} from './app-view.js';
export { formatResourceTree } from './tree-view.js';
