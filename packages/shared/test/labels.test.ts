import { describe, expect, it } from 'vitest';
import { fieldLabelCatalogues, fieldLabels, fieldLabelsIn, locales, messages } from '../src/index.js';

describe('the field-label catalogue', () => {
  it('names each field in one module only, so no module silently relabels another’s field', () => {
    const owners = new Map<string, string[]>();
    for (const [module, catalogue] of Object.entries(fieldLabelCatalogues))
      for (const key of Object.keys(catalogue)) owners.set(key, [...(owners.get(key) ?? []), module]);
    const shared = [...owners].filter(([, mods]) => mods.length > 1);
    expect(shared).toEqual([]);
  });

  it('has a non-empty label in every language for every field', () => {
    const keys = Object.keys(fieldLabels);
    expect(keys.length).toBeGreaterThan(90);
    for (const locale of locales) {
      const labels = fieldLabelsIn(locale);
      const empty = keys.filter((k) => !labels[k as keyof typeof labels]?.trim());
      expect(empty, locale).toEqual([]);
    }
  });

  it('is what the server names fields with', () => {
    expect(messages['zh-CN'].fields.industry).toBe('所属行业');
    expect(messages['en-US'].fields.industry).toBe('Industry');
    expect(messages['zh-CN'].fields).toEqual(fieldLabelsIn('zh-CN'));
  });
});
