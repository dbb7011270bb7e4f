import { CATEGORY_FIELD, type FormDefinition, type FormField, type RemoteConfig } from '@fankui/core';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import { localized } from './i18n';

/**
 * The active form and SLA (`GET /v1/config`), loaded once per page and refreshed after a
 * settings change: the inbox and the detail use it to show category and field labels.
 */
let cached: Promise<RemoteConfig> | null = null;
const listeners = new Set<(config: RemoteConfig) => void>();

export function loadConfig(fresh = false): Promise<RemoteConfig> {
  if (!cached || fresh) {
    cached = api.config();
    cached.then((config) => listeners.forEach((listener) => listener(config)), () => (cached = null));
  }
  return cached;
}

export function useConfig(): RemoteConfig | null {
  const [config, setConfig] = useState<RemoteConfig | null>(null);
  useEffect(() => {
    listeners.add(setConfig);
    loadConfig().then(setConfig, () => undefined);
    return () => void listeners.delete(setConfig);
  }, []);
  return config;
}

export const categoryField = (form: FormDefinition | undefined): Extract<FormField, { options: unknown }> | undefined => {
  const field = form && form.fields.find((candidate) => candidate.id === CATEGORY_FIELD);
  return field && 'options' in field ? field : undefined;
};

/** A category's label from the form, or its slug when the form no longer has it. */
export function categoryLabel(config: RemoteConfig | null, category: string | null): string {
  if (category === null) return '';
  const field = categoryField(config ? config.form : undefined);
  const option = field && field.options.find((candidate) => candidate.value === category);
  return option ? localized(option.label) : category;
}
