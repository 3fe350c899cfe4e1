export type DayPart = 'morning' | 'noon' | 'afternoon' | 'evening';

export const dayPart = (hour: number): DayPart => {
  if (hour < 11) return 'morning';
  if (hour < 13) return 'noon';
  if (hour < 18) return 'afternoon';
  return 'evening';
};
