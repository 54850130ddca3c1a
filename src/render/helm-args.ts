import type { HelmParameter } from '../source/index.js';

/** Everything `helm template` is told, with every path already resolved and checked. */
export interface HelmTemplateInput {
  readonly releaseName: string;
  readonly chartDir: string;
  readonly namespace?: string;
  readonly kubeVersion?: string;
  readonly apiVersions?: readonly string[];
  /** Absolute paths, in order (later files win). */
  readonly valueFiles: readonly string[];
  /** Absolute path of a file holding the inline values, applied after `valueFiles`. */
  readonly inlineValuesFile?: string;
  readonly parameters?: readonly HelmParameter[];
  /** `--set-file` with absolute paths. */
  readonly fileParameters?: readonly { readonly name: string; readonly path: string }[];
  readonly skipCrds?: boolean;
  readonly skipTests?: boolean;
  readonly skipSchemaValidation?: boolean;
}

/**
 * The `helm template` argument list, in Argo CD's precedence order: value
 * files, then inline values, then `--set` parameters. CRDs are included unless
 * `skipCrds`.
 */
export function helmTemplateArgs(input: HelmTemplateInput): string[] {
  const args = ['template', input.releaseName, input.chartDir];
  if (input.namespace) args.push('--namespace', input.namespace);
  if (input.kubeVersion) args.push('--kube-version', input.kubeVersion);
  for (const v of input.apiVersions ?? []) args.push('--api-versions', v);
  for (const f of input.valueFiles) args.push('--values', f);
  if (input.inlineValuesFile) args.push('--values', input.inlineValuesFile);
  for (const p of input.parameters ?? [])
    args.push(
      p.forceString ? '--set-string' : '--set',
      `${p.name}=${escapeSetValue(p.value ?? '')}`,
    );
  for (const p of input.fileParameters ?? []) args.push('--set-file', `${p.name}=${p.path}`);
  args.push(input.skipCrds ? '--skip-crds' : '--include-crds');
  if (input.skipTests) args.push('--skip-tests');
  if (input.skipSchemaValidation) args.push('--skip-schema-validation');
  return args;
}

/**
 * Helm splits `--set` on commas; a value is one value, so its commas are
 * escaped — except in `{a,b}`, Helm's list syntax (Argo CD does the same).
 */
export function escapeSetValue(value: string): string {
  if (value.startsWith('{') && value.endsWith('}')) return value;
  return value.replace(/(?<!\\),/g, '\\,');
}

/** Parses `key=value` as given on a command line (`--set`). */
export function parseSetArgument(text: string): HelmParameter {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new TypeError(`expected key=value, got "${text}"`);
  return { name: text.slice(0, eq), value: text.slice(eq + 1) };
}
