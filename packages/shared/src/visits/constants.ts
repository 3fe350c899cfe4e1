/**
 * The visit vocabulary as plain constants, free of Zod, so the web's first page (the workbench)
 * can use them without loading the schema library (the schemas in schemas/visit.ts build on them).
 */
export const visitStatuses = ['planned', 'done', 'missed', 'cancelled'] as const;
export type TVisitStatus = (typeof visitStatuses)[number];
/** 上门, 电话, 短信, 微信, 视频, 会议, 信函 — GLOSSARY names. */
export const visitMethods = ['onsite', 'phone', 'sms', 'wechat', 'video', 'meeting', 'letter'] as const;
export type TVisitMethod = (typeof visitMethods)[number];
export const checkInFlags = ['far', 'inaccurate'] as const;
export type TCheckInFlag = (typeof checkInFlags)[number];

/** Up to nine photos a visit, as a phone's picker offers them. */
export const MAX_VISIT_PHOTOS = 9;
export const MAX_VISIT_PHOTO_MB = 15;
