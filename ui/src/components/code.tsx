/** Read-only code: manifests, logs. */
import { useEffect, useState } from 'react';
import { toYaml } from '../lib/yaml.js';
import { ErrorBox, Loading } from './states.js';

export function CodeBlock({ text, label }: { readonly text: string; readonly label: string }) {
  return (
    <pre className="code" tabIndex={0} aria-label={label}>
      <code>{text}</code>
    </pre>
  );
}

/** A Kubernetes object (or any value) as YAML. */
export function YamlView({ value, label }: { readonly value: unknown; readonly label: string }) {
  const [text, setText] = useState<string>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let current = true;
    toYaml(value).then(
      (yaml) => current && setText(yaml),
      (err: unknown) => current && setError(err),
    );
    return () => {
      current = false;
    };
  }, [value]);
  if (error) return <ErrorBox error={error} />;
  if (text === undefined) return <Loading />;
  return <CodeBlock text={text} label={label} />;
}
