/**
 * Check-in sanity 签到校验, as field-staff apps (外勤签到) do it: the first accurate on-site
 * check-in at a customer sets where the customer is; a later one farther away than the
 * configured distance, or less precise than the configured accuracy, is flagged on the visit and
 * in the leader's view. We show it; we never block the visit (a shop moves, a phone drifts).
 */
export type GeoPoint = { lat: number; lng: number };

/** Great-circle distance in metres (haversine on a sphere of the WGS-84 mean radius). */
export const distanceMetres = (a: GeoPoint, b: GeoPoint): number => {
  const R = 6_371_008.8;
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
};

export type CheckInVerdict = {
  distance: number | null;
  flag: 'far' | 'inaccurate' | null;
  /** The check-in is accurate and the customer had no place yet: it becomes the customer's. */
  setsCustomerPlace: boolean;
};

export const judgeCheckIn = (
  checkIn: GeoPoint & { accuracy: number },
  customerPlace: GeoPoint | null,
  limits: { maxDistanceM: number; maxAccuracyM: number },
): CheckInVerdict => {
  const accurate = checkIn.accuracy <= limits.maxAccuracyM;
  const distance = customerPlace ? Math.round(distanceMetres(customerPlace, checkIn)) : null;
  if (!accurate) return { distance, flag: 'inaccurate', setsCustomerPlace: false };
  if (distance !== null && distance > limits.maxDistanceM) return { distance, flag: 'far', setsCustomerPlace: false };
  return { distance, flag: null, setsCustomerPlace: customerPlace === null };
};

/** Who may join a visit: active users of the manager's own branch (the city level and below) or above it. */
export const canJoin = (managerUnitPath: string, participantUnitPath: string): boolean => {
  const parts = managerUnitPath.split('/').filter(Boolean);
  // `/province/city/…/`: the branch is the first two levels (the whole path for a province-level manager).
  const branch = `/${parts.slice(0, Math.min(2, parts.length)).join('/')}/`;
  return participantUnitPath.startsWith(branch) || managerUnitPath.startsWith(participantUnitPath);
};
