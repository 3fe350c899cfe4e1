/** Only same-app paths are followed after sign-in, never another origin (`//evil`, `https:`). */
export const safeNext = (next: string | null): string =>
  next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/';
