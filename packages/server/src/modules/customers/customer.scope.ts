/** How customers meet the data scope: their owner (self) and their org unit (unit, unitTree). */
export const customerScope = { owner: 'customer.ownerId', orgUnit: 'customer.orgUnitId' };
