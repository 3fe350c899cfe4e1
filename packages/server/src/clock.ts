/** The one source of "now", so tests can freeze and move time (reclaim, SLA, sessions). */
export type Clock = { now: () => Date };

export const systemClock: Clock = { now: () => new Date() };

export class FrozenClock implements Clock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current.getTime());
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const minutes = (n: number): number => n * 60_000;
export const hours = (n: number): number => n * 3_600_000;
export const days = (n: number): number => n * 86_400_000;
