/** The same shape with every text a string: what the English half of a module's messages must match. */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/**
 * A module's UI texts in both languages, kept beside the module (resources/<domain>/messages.ts)
 * and mounted under its own namespace in zh-CN.ts / en-US.ts. A key missing from either half is
 * a type error.
 */
export const defineMessages = <T extends object>(zh: T, en: Shape<T>) => ({ 'zh-CN': zh, 'en-US': en }) as const;
