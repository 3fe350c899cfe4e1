// Validators, normalisers and masks for Chinese identifiers as account managers type them:
// unified social credit codes (统一社会信用代码), resident ID numbers (身份证号), phone numbers,
// addresses and company names (for 查重, the duplicate check).
//
// Every validator first normalises its input the way a user would expect to be forgiven:
// full-width characters (９１３５…), lowercase letters, and spaces anywhere are all accepted.
import { toHalfWidth } from '../schemas/common.js';

/** Whitespace of every kind, including U+3000, NBSP, BOM and the zero-width characters that survive copy-paste. */
const WHITESPACE = /[\s\u00AD\u180E\u200B-\u200D\u2060\uFEFF]/g;

/** Half-width, without any whitespace (incl. U+3000, NBSP, zero-width), uppercase. */
export const normalizeCode = (s: string): string => toHalfWidth(s).replace(WHITESPACE, '').toUpperCase();

// ───────────────────────────── 统一社会信用代码 (GB 32100-2015) ─────────────────────────────

/** The 31 characters a credit code may use (no I, O, Z, S, V); a character's index is its value. */
const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** Registration authority codes (position 1) defined by GB 32100: 1–9, A (军队), N (农业), Y (其他). */
const CREDIT_SHAPE = /^[1-9ANY][1-9]\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Check character of a GB 11714 organisation code from its first 8 characters. */
const orgCodeCheck = (body: string): string => {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    // GB 11714 values letters over the FULL Latin alphabet, A=10 … Z=35 (so M=22, Y=34), not by
    // their index in the credit-code charset (M=21, Y=30). Using the credit-code values would reject
    // 289 of the 383 real codes mentioned below (mostly the MA… series), so this distinction matters.
    const c = body[i]!;
    sum += parseInt(c, 36) * ORG_WEIGHTS[i]!;
  }
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
};

const creditCheck = (code: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARSET.indexOf(code[i]!) * CREDIT_WEIGHTS[i]!;
  return CREDIT_CHARSET[(31 - (sum % 31)) % 31]!;
};

export type CreditCodeProblem = 'length' | 'charset' | 'checkDigit';

/**
 * Why a unified social credit code is invalid, or null when it is valid.
 * - `length`: not 18 characters after normalising;
 * - `charset`: a character outside 0-9 A-H J-N P-R T-U W-Y, or out of place for its position
 *   (position 1 must be a GB 32100 registration authority code 1-9/A/N/Y, position 2 a category digit 1-9,
 *   positions 3-8 the administrative division digits);
 * - `checkDigit`: position 18 (GB 32100 MOD 31) or position 17 (the GB 11714 organisation-code check) is wrong.
 *
 * Decision, for whoever revisits this: position 17 IS enforced. All 383 real codes published with
 * python-stdnum's test suite (tests/test_cn_uscc.doctest: enterprises 91…, individual businesses 92…,
 * public institutions 12…, both pre-2015 numeric and MA…/L… organisation codes) and the well-known ones
 * tested here pass it. It catches what the MOD 31 check alone lets through: about 1 in 31 mistyped codes or
 * resident ID numbers satisfies position 18 by chance (hutool issue #1367: 362322198709086409 does), and
 * position 17 rejects about 10 in 11 of those. If a genuine code is ever reported as rejected for its
 * position 17, relax it here, in one place.
 */
export const creditCodeProblem = (s: string): CreditCodeProblem | null => {
  const code = normalizeCode(s);
  if (code.length !== 18) return 'length';
  if (!CREDIT_SHAPE.test(code)) return 'charset';
  if (code[16] !== orgCodeCheck(code.slice(8, 16))) return 'checkDigit';
  if (code[17] !== creditCheck(code)) return 'checkDigit';
  return null;
};

/** Adds both check characters (positions 17 and 18) to the first 16 of a credit code: for demo data and test factories. */
export const completeCreditCode = (first16: string): string => {
  const seventeen = first16 + orgCodeCheck(first16.slice(8, 16));
  return seventeen + creditCheck(seventeen);
};

/** Unified social credit code 统一社会信用代码 per GB 32100-2015 (lowercase, full-width and spaces accepted). */
export const isValidCreditCode = (s: string): boolean => creditCodeProblem(s) === null;

// ───────────────────────────── 身份证号 (GB 11643-1999) ─────────────────────────────

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

const idCheck = (id: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
/** YYYYMMDD of a Date in local time (the user's calendar day). */
const ymd = (d: Date): string => `${pad(d.getFullYear(), 4)}${pad(d.getMonth() + 1, 2)}${pad(d.getDate(), 2)}`;

const isRealBirthDate = (yyyymmdd: string, today: Date): boolean => {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > daysInMonth) return false;
  return yyyymmdd <= ymd(today);
};

export type IdNumberProblem = 'length' | 'charset' | 'birthDate' | 'checkDigit';

/**
 * Why a resident ID number is invalid, or null when it is valid. Only the 18-character form is accepted
 * (the 15-digit first-generation numbers expired in 2013). The birth date (positions 7–14) must be a real
 * calendar date from 1900-01-01 up to `today` (local calendar day, default now). Note the birth date is
 * checked before the check digit, so a typo in the date reports `birthDate`.
 */
export const idNumberProblem = (s: string, today: Date = new Date()): IdNumberProblem | null => {
  const id = normalizeCode(s);
  if (id.length !== 18) return 'length';
  if (!/^\d{17}[\dX]$/.test(id)) return 'charset';
  if (!isRealBirthDate(id.slice(6, 14), today)) return 'birthDate';
  if (id[17] !== idCheck(id)) return 'checkDigit';
  return null;
};

/** Adds the check character to the first 17 digits of an ID number: for demo data and test factories. */
export const completeIdNumber = (first17: string): string => first17 + idCheck(first17);

/** Resident ID number 身份证号 per GB 11643-1999 (lowercase x, full-width and spaces accepted). */
export const isValidIdNumber = (s: string, today: Date = new Date()): boolean => idNumberProblem(s, today) === null;

export type IdNumberInfo = { birthDate: string; gender: 'male' | 'female'; regionCode: string };

/** What a valid ID number says about its holder (birth date YYYY-MM-DD, gender by the odd/even 17th digit, 6-digit region), else null. */
export const idNumberInfo = (s: string, today: Date = new Date()): IdNumberInfo | null => {
  if (idNumberProblem(s, today) !== null) return null;
  const id = normalizeCode(s);
  return {
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    regionCode: id.slice(0, 6),
  };
};

// ───────────────────────────── Phone numbers ─────────────────────────────

const MOBILE = /^1[3-9]\d{9}$/;
/**
 * Area code + local number + optional extension (after -, 转, ext or #). Area codes are 010 and 02X (three
 * digits) or 0[3-9]XX (four digits) — knowing this is what splits 01012345678 as 010-12345678 rather than
 * 0101-2345678. Local numbers are 7–8 digits not starting with 0 (real ones
 * start with 2–8, but 1 is allowed for the placeholder numbers people type), and may be written 8765-4321.
 */
const LANDLINE = /^(010|02\d|0[3-9]\d{2})-?([1-9]\d{2,3}-?\d{4})(?:(?:-|转|ext\.?|#)(\d{1,6}))?$/i;

/** Strips the international prefix +86 / 0086, and a bare 86 in front of an 11-digit mobile. */
const stripCountryCode = (s: string): { rest: string; hadPrefix: boolean } => {
  const m = /^(?:\+86|0086)(.*)$/.exec(s) ?? /^86(1[3-9]\d{9})$/.exec(s);
  return m ? { rest: m[1]!, hadPrefix: true } : { rest: s, hadPrefix: false };
};

/** Half-width, no whitespace, no country code; the ( ) around an area code become a dash. */
const compactPhone = (s: string): string => {
  const { rest, hadPrefix } = stripCountryCode(toHalfWidth(s).replace(WHITESPACE, ''));
  let p = rest.replace(/^-/, '').replace(/^\((\d{3,4})\)-?/, '$1-');
  // After +86 a landline drops its trunk 0 (+86-571-87654321); put it back.
  if (hadPrefix && /^[2-9]/.test(p)) p = `0${p}`;
  return p;
};

/**
 * A phone number as digits: half-width, without spaces, dashes, dots or parentheses, and without a leading
 * +86 / 0086. Anything else (letters, 转) is left in place so that validation fails rather than guesses.
 */
export const normalizePhone = (s: string): string => compactPhone(s).replace(/[-().]/g, '');

/** Mainland mobile number: 1[3-9] + 9 digits, after normalizePhone. */
export const isMobile = (s: string): boolean => MOBILE.test(normalizePhone(s));

const parseLandline = (s: string): { area: string; local: string; ext: string | undefined } | null => {
  const p = compactPhone(s).replace(/\./g, '');
  const m = LANDLINE.exec(p);
  return m ? { area: m[1]!, local: m[2]!.replace('-', ''), ext: m[3] } : null;
};

/**
 * Mainland landline with area code: 0571-87654321, (0571)87654321, 057187654321, 0571-8765-4321,
 * 010-12345678-123, 0571-87654321转123, +86 571 87654321. Without an area code it is not accepted.
 */
export const isLandline = (s: string): boolean => parseLandline(s) !== null;

/** Canonical landline: 0571-87654321, or 010-12345678-123 with an extension; the input unchanged if it is not a landline. */
export const normalizeLandline = (s: string): string => {
  const l = parseLandline(s);
  if (!l) return s;
  return `${l.area}-${l.local}${l.ext ? `-${l.ext}` : ''}`;
};

/** null for a mobile or a landline (with area code); 'format' for anything else (incl. 400/800 numbers and landlines without area code). */
export const phoneProblem = (s: string): 'format' | null => (isMobile(s) || isLandline(s) ? null : 'format');

// ───────────────────────────── Masks (for display to those who may not see the full value) ─────────────────────────────

/** 138****1234 for a mobile; 0571-****4321 for a landline (extension kept); otherwise all but the first 3 and last 4 characters hidden. */
export const maskPhone = (s: string): string => {
  const digits = normalizePhone(s);
  if (MOBILE.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  const l = parseLandline(s);
  if (l) return `${l.area}-****${l.local.slice(-4)}${l.ext ? `-${l.ext}` : ''}`;
  const t = toHalfWidth(s).replace(WHITESPACE, '');
  return t.length >= 8 ? `${t.slice(0, 3)}****${t.slice(-4)}` : t ? '****' : '';
};

/** 330106********123X: first 6 and last 4 characters kept, always 8 stars between. Short (non-ID) input is hidden entirely. */
export const maskIdNumber = (s: string): string => {
  const id = normalizeCode(s);
  if (id.length <= 10) return id ? '****' : '';
  return `${id.slice(0, 6)}********${id.slice(-4)}`;
};

/** Keeps the first 6 characters (roughly province + city) and hides the rest: 浙江省杭州市****. Up to 6 characters: the first 2 kept. */
export const maskAddress = (s: string): string => {
  const chars = Array.from(s.trim());
  if (chars.length === 0) return '';
  return `${chars.slice(0, chars.length <= 6 ? 2 : 6).join('')}****`;
};

// ───────────────────────────── Company names for 查重 ─────────────────────────────

/**
 * Legal-form suffixes dropped from the end of a name, longest first. Only the legal form goes: 集团 stays
 * (a group company and a same-named non-group company are different customers), and so do 公司, 分公司,
 * 厂, 店 — a branch or a factory is not its parent. Stripping is deliberately conservative: a false
 * "duplicate" blocks a manager from filing a genuinely different customer.
 */
const LEGAL_FORMS = ['股份有限公司', '有限责任公司', '有限公司'];
/** Brackets (removed, their content kept) and punctuation (removed); full-width ones are half-width by now. */
const NAME_NOISE = /[()[\]{}【】〔〕〖〗《》<>「」『』·•・.,、，。\-_—–&'"‘’“”`]/g;

/**
 * A company name reduced for the duplicate check: half-width, no whitespace, brackets unwrapped
 * (（集团） = 集团), punctuation removed, Latin lowercase, and one trailing legal form removed.
 * '杭州 娃哈哈（集团）有限公司' and '杭州娃哈哈集团有限责任公司' both become '杭州娃哈哈集团'.
 */
export const normalizeCompanyName = (s: string): string => {
  const name = toHalfWidth(s).replace(WHITESPACE, '').replace(NAME_NOISE, '').toLowerCase();
  const form = LEGAL_FORMS.find((f) => name.endsWith(f) && name.length > f.length);
  return form ? name.slice(0, -form.length) : name;
};
