// Pinyin search and sort keys for customer and contact names, so that 'zsyh' or 'zhaoshang' finds 招商银行
// and lists sort the way Chinese users expect (by pinyin, not by code point).
import { pinyin } from 'pinyin-pro';
import { toHalfWidth } from '../schemas/common.js';

export type PinyinKeys = {
  /** Full pinyin, lowercase, no tones, no spaces: 'zhaoshangyinhang'. ü is written v (lv, nv). */
  full: string;
  /** First letter of each syllable: 'zsyh'. */
  initials: string;
};

const LATIN_OR_DIGIT = /^[a-z0-9]$/;

const keys = (name: string, surnameHead: boolean): PinyinKeys => {
  const syllables = pinyin(toHalfWidth(name), {
    type: 'all',
    toneType: 'none',
    v: true,
    ...(surnameHead ? { mode: 'surname', surname: 'head' } : {}),
  });
  let full = '';
  let initials = '';
  for (const s of syllables) {
    if (s.isZh && s.pinyin) {
      full += s.pinyin;
      initials += s.pinyin[0];
    } else {
      // Latin letters and digits are kept as they are (lowercased) in both keys; anything else is dropped.
      for (const c of s.origin.toLowerCase()) {
        if (LATIN_OR_DIGIT.test(c)) {
          full += c;
          initials += c;
        }
      }
    }
  }
  return { full, initials };
};

/**
 * Search keys for an organisation or any text: pinyin-pro's default readings, which use its word dictionary
 * for polyphones (银行 → yinhang, 重庆 → chongqing, 长沙 → changsha).
 */
export const pinyinKeys = (name: string): PinyinKeys => keys(name, false);

/**
 * Search keys for a person's name: the leading surname gets its surname reading (单 shan, 曾 zeng, 区 ou,
 * 仇 qiu, 解 xie, 朴 piao, 尉迟 yuchi). Do not use this for company names: pinyin-pro's surname mode also
 * overrides word readings later in the string (中国银行 would become zhongguoyinxing).
 */
export const personPinyinKeys = (name: string): PinyinKeys => keys(name, true);

/** Full pinyin (`full`: pinyinKeys(name).full when already computed), a space, then the name: in byte order (SQLite, PostgreSQL `collate "C"`) names sort by pinyin, ties by the name. No NUL: PostgreSQL text cannot hold it. */
export const pinyinSortKey = (name: string, full: string = pinyinKeys(name).full): string => `${full} ${name}`;
