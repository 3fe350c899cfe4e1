import i18n, { type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import { defaultLocale, locales, negotiateLocale, type Locale } from '@liaison/shared';
import { setApiLanguage } from '../api/client';
import { zhCN } from './locales/zh-CN';
import { enUS } from './locales/en-US';

const STORAGE_KEY = 'liaison.locale';

const isLocale = (v: unknown): v is Locale => typeof v === 'string' && (locales as readonly string[]).includes(v);

/** Before sign-in the choice lives in localStorage; after sign-in the user's profile decides. */
const initialLocale = (): Locale => {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // storage may be blocked; the browser language decides then
  }
  return typeof navigator === 'undefined' ? defaultLocale : negotiateLocale(navigator.languages?.join(',') || navigator.language);
};

export const rememberLocale = (locale: Locale) => {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not fatal: the choice just is not remembered on this device
  }
};

const applyLocale = (lng: string) => {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = lng;
  dayjs.locale(lng === 'en-US' ? 'en' : 'zh-cn');
  setApiLanguage(lng, i18n.t('errors.network'));
  document.title = i18n.t('app.name');
};

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
  lng: initialLocale(),
  fallbackLng: defaultLocale,
  supportedLngs: [...locales],
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyLocale(i18n.language);
i18n.on('languageChanged', applyLocale);

export const currentLocale = (): Locale => (isLocale(i18n.language) ? i18n.language : defaultLocale);

export const changeLocale = async (locale: Locale) => {
  rememberLocale(locale);
  if (i18n.language !== locale) await i18n.changeLanguage(locale);
};

/** For keys that come from data (audit actions, job names): the translation if there is one. */
export const tKey = (t: TFunction, key: string, fallback?: string): string =>
  i18n.exists(key) ? String((t as unknown as (k: string) => string)(key)) : (fallback ?? key.split('.').pop() ?? key);

export { i18n };
