import type { TFunction } from 'i18next';
import { builtinRoles, type TRole } from '@liaison/shared';
import { currentLocale, tKey } from '../../app/i18n';

/**
 * Role names are data, kept in Chinese. In another UI language a built-in role shows its
 * translated name; custom roles always show the name their admin gave.
 */
export const roleLabel = (t: TFunction, role: Pick<TRole, 'code' | 'name'>): string =>
  currentLocale() !== 'zh-CN' && (builtinRoles as readonly string[]).includes(role.code) ? tKey(t, `roleCodes.${role.code}`, role.name) : role.name;
