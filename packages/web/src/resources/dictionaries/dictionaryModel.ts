import type { TDictionary, TDictionaryItem } from '@liaison/shared';
import type { Locale } from '@liaison/shared';

export const dictionaryName = (d: Pick<TDictionary, 'nameZh' | 'nameEn'>, locale: Locale): string => (locale === 'en-US' ? d.nameEn : d.nameZh);

export const sortedItems = (items: TDictionaryItem[]): TDictionaryItem[] =>
  [...items].sort((a, b) => a.sortOrder - b.sortOrder || a.value.localeCompare(b.value));

/** A new item goes after the last one, in steps of ten so others can be slotted between. */
export const nextSortOrder = (items: TDictionaryItem[]): number => (items.length ? Math.max(...items.map((i) => i.sortOrder)) + 10 : 10);
