import type { HandoverAssignment } from '../../api/handover';

export type HandoverGroup = { toUserId: string; customerIds: string[] };

/** Gives customers to a successor: they leave any other group; groups left empty disappear. */
export const assignGroup = (groups: HandoverGroup[], toUserId: string, ids: string[]): HandoverGroup[] => {
  const moving = new Set(ids);
  const rest = groups.map((g) => ({ ...g, customerIds: g.customerIds.filter((id) => !moving.has(id)) })).filter((g) => g.customerIds.length);
  const existing = rest.find((g) => g.toUserId === toUserId);
  if (existing) {
    existing.customerIds = [...existing.customerIds, ...ids.filter((id) => !existing.customerIds.includes(id))];
    return rest;
  }
  return [...rest, { toUserId, customerIds: [...new Set(ids)] }];
};

export const removeGroup = (groups: HandoverGroup[], toUserId: string): HandoverGroup[] => groups.filter((g) => g.toUserId !== toUserId);

/** Who a customer goes to: its group's successor, else whoever takes the rest. */
export const successorOf = (groups: HandoverGroup[], customerId: string, restTo: string | undefined): string | undefined =>
  groups.find((g) => g.customerIds.includes(customerId))?.toUserId ?? restTo;

/**
 * The API body's assignments: named customers first, then "all the rest" last — the server
 * gives `all` whatever earlier assignments did not take.
 */
export const buildAssignments = (groups: HandoverGroup[], restTo: string | undefined): HandoverAssignment[] => [
  ...groups.filter((g) => g.customerIds.length).map((g) => ({ toUserId: g.toUserId, customerIds: g.customerIds })),
  ...(restTo ? [{ toUserId: restTo, customerIds: 'all' as const }] : []),
];

/** How many customers a plan moves, given how many the manager holds. */
export const movedCount = (groups: HandoverGroup[], restTo: string | undefined, held: number): number => {
  const named = groups.reduce((n, g) => n + g.customerIds.length, 0);
  return restTo ? Math.max(named, held) : named;
};

/** The departure audit's default period: the last 90 days up to now. */
export const defaultPeriod = (now = new Date()): { from: string; to: string } => ({
  from: new Date(now.getTime() - 90 * 86_400_000).toISOString(),
  to: now.toISOString(),
});
