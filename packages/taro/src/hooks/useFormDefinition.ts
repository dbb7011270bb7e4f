import type { ClientConfig } from '@fankui/client';
import type { FormDefinition } from '@fankui/core';
import { useEffect, useState } from 'react';
import { useFeedback } from './useFeedback';

/** A client that can say synchronously which form it holds (cached or bundled). Today's cannot: see docs/taro.md. */
type WithCurrentConfig = { current?: () => ClientConfig };

/**
 * The form to render: `given`, or the client's config. With a client that offers
 * `config.current()` the form shows at once and is replaced if `config.get()` brings a
 * newer one (the draft carries what was typed across); otherwise it waits for
 * `config.get()`, which answers with the cached or bundled form when the network fails.
 */
export function useFormDefinition(given?: FormDefinition): FormDefinition | null {
  const { client } = useFeedback();
  const [form, setForm] = useState<FormDefinition | null>(() => given ?? (client.config as WithCurrentConfig).current?.().form ?? null);
  useEffect(() => {
    if (given) return setForm(given);
    let live = true;
    client.config.get().then(
      (config) => {
        if (live) setForm((current) => (current && current.id === config.form.id && current.version === config.form.version ? current : config.form));
      },
      () => undefined, // the client answers with its bundled form rather than failing
    );
    return () => {
      live = false;
    };
  }, [client, given]);
  return form;
}
