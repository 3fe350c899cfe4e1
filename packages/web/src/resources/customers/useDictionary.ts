import { useCallback, useMemo } from 'react';
import { useDictionaries } from '../../api/dictionaries';
import { currentLocale } from '../../app/i18n';
import { sortedItems } from '../dictionaries/dictionaryModel';
import { dictionaryLabel } from './dictionaryLabel';

export type DictOption = { value: string; label: string };

/** The enabled options of each dictionary and the label of any stored value, in the UI language. */
export const useDictionary = () => {
  const { data, isPending } = useDictionaries();
  const locale = currentLocale();
  const byCode = useMemo(() => new Map((data ?? []).map((d) => [d.code, d])), [data]);
  const options = useCallback(
    (code: string): DictOption[] =>
      sortedItems(byCode.get(code)?.items ?? [])
        .filter((i) => i.enabled)
        .map((i) => ({ value: i.value, label: locale === 'en-US' ? i.labelEn : i.labelZh })),
    [byCode, locale],
  );
  const label = useCallback((code: string, value: string | null | undefined) => dictionaryLabel(byCode.get(code)?.items, value, locale), [byCode, locale]);
  return { options, label, isPending };
};
