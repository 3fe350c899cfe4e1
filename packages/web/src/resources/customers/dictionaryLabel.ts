import type { TDictionaryItem } from '@liaison/shared';

/** A stored dictionary value in words; a value no longer in the dictionary shows as stored. */
export const dictionaryLabel = (items: TDictionaryItem[] | undefined, value: string | null | undefined, locale: string): string => {
  if (!value) return '';
  const item = items?.find((i) => i.value === value);
  if (!item) return value;
  return locale === 'en-US' ? item.labelEn : item.labelZh;
};
