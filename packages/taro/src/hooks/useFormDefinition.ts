import type { FormDefinition } from '@fankui/core';
import { useEffect, useState } from 'react';
import { useFeedback } from './useFeedback';

/**
 * The form to render: `given`, or the client's config. It shows at once with
 * `config.current()` (the cached remote config, or the bundled form) and is replaced if
 * `config.get()` brings another version (the form keeps what was typed).
 */
export function useFormDefinition(given?: FormDefinition): FormDefinition {
  const { client } = useFeedback();
  const [form, setForm] = useState(() => given ?? client.config.current().form);
  // The rest of the config (the FAQ, known-issue notices) is read from `config.current()` as the
  // form renders: a new config renders it again even when the form is the same version.
  const [, setConfig] = useState<unknown>(null);
  useEffect(() => {
    if (given) return setForm(given);
    let live = true;
    client.config.get().then(
      (config) => {
        if (!live) return;
        setForm((current) => (current.id === config.form.id && current.version === config.form.version ? current : config.form));
        setConfig(config);
      },
      () => undefined, // the client answers with its bundled form rather than failing
    );
    return () => {
      live = false;
    };
  }, [client, given]);
  return form;
}
