import { z } from 'zod';
import { ZVersion } from './common.js';

export const ZDictionaryItem = z.object({
  id: z.string(),
  dictionaryCode: z.string(),
  value: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  sortOrder: z.number().int(),
  enabled: z.boolean(),
  version: z.number().int(),
});
export type TDictionaryItem = z.infer<typeof ZDictionaryItem>;
export const ZDictionary = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  items: z.array(ZDictionaryItem),
});
export type TDictionary = z.infer<typeof ZDictionary>;

const value = z.string().trim().regex(/^[A-Za-z0-9_.-]{1,40}$/);
export const ZCreateDictionaryItemBody = z.strictObject({
  value,
  labelZh: z.string().trim().min(1).max(60),
  labelEn: z.string().trim().min(1).max(60),
  sortOrder: z.number().int().min(0).max(100000).optional(),
  enabled: z.boolean().optional(),
});
export const ZUpdateDictionaryItemBody = z.strictObject({
  version: ZVersion,
  labelZh: z.string().trim().min(1).max(60).optional(),
  labelEn: z.string().trim().min(1).max(60).optional(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
  enabled: z.boolean().optional(),
});
