/** Tables of the plans module, merged into `Database` in db/schema.ts. */
export type IndicatorTable = {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  source: 'computed' | 'figure';
  field: string | null;
  aggregation: 'sum' | 'count' | 'ratio';
  builtin: number;
  enabled: number;
  sortOrder: number;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type PlanTable = {
  id: string;
  kind: 'month' | 'week';
  period: string;
  managerId: string;
  orgUnitId: string;
  status: 'draft' | 'submitted' | 'approved' | 'returned';
  keyActions: string | null;
  /** JSON array of customer ids. */
  developCustomerIds: string;
  analysisCustomer: string | null;
  analysisProduct: string | null;
  analysisMarket: string | null;
  improvements: string | null;
  /** JSON array of { text, day }. */
  workItems: string;
  leaderComment: string | null;
  dueAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  checkStatus: 'open' | 'submitted' | 'approved' | 'returned';
  checkExplanation: string | null;
  checkImprovement: string | null;
  checkComment: string | null;
  checkSubmittedAt: string | null;
  checkDecidedAt: string | null;
  overdueNotifiedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type PlanTargetTable = { planId: string; indicatorId: string; target: number; actual: number | null; numerator: number | null; denominator: number | null };

/** `allocatedBy`: the parent unit whose breakdown gave this unit its target (decision 065); null when the unit's own leader set it. */
export type UnitTargetTable = { orgUnitId: string; month: string; indicatorId: string; target: number; differenceReason: string | null; setBy: string; updatedAt: string; allocatedBy: string | null };

/** The version of a unit's month breakdown (decision 066); no row = version 1. */
export type UnitBreakdownTable = { orgUnitId: string; month: string; version: number; updatedAt: string };

/** Who held a customer when (decision 064); written by database triggers on `customer.owner_id`. */
export type CustomerOwnershipTable = { id: string; customerId: string; ownerId: string; fromAt: string; toAt: string | null };

export type PlanEventTable = {
  id: string;
  planId: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  comment: string | null;
};

export type ServicePlanTable = {
  id: string;
  customerId: string;
  managerId: string;
  orgUnitId: string;
  period: string;
  goals: string;
  status: 'active' | 'closed';
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type ServiceActionTable = {
  id: string;
  planId: string;
  title: string;
  /** Local date `YYYY-MM-DD`. */
  dueDate: string;
  ownerId: string;
  status: 'open' | 'done';
  visitId: string | null;
  doneAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type PlanTables = {
  servicePlan: ServicePlanTable;
  serviceAction: ServiceActionTable;
  indicator: IndicatorTable;
  plan: PlanTable;
  planTarget: PlanTargetTable;
  unitTarget: UnitTargetTable;
  unitBreakdown: UnitBreakdownTable;
  planEvent: PlanEventTable;
  customerOwnership: CustomerOwnershipTable;
};
