import { maskAddress, maskIdNumber, maskPhone, type TCustomer } from '@liaison/shared';
import { bool, json } from '../../db/dialect.js';
import type { Row } from '../../db/schema.js';
import { findRegion } from '../regions/region.js';

export type CustomerRow = Row<'customer'> & { ownerName: string | null; orgUnitName: string };

/** Whitelists what leaves the server; sensitive values always leave masked. */
export const presentCustomer = (r: CustomerRow, clear: readonly string[] = []): TCustomer => {
  const masked: string[] = [];
  const mask = <T extends string | null>(field: string, v: T, fn: (s: string) => string): T => {
    if (v == null || clear.includes(field)) return v;
    masked.push(field);
    return fn(v) as T;
  };
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    shortName: r.shortName,
    creditCode: r.creditCode,
    idNumber: mask('idNumber', r.idNumber, maskIdNumber),
    licenceNo: r.licenceNo,
    provinceCode: r.provinceCode,
    cityCode: r.cityCode,
    regionCode: r.regionCode,
    regionName: r.regionCode ? (findRegion(r.regionCode)?.fullName ?? null) : null,
    address: mask('address', r.address, maskAddress),
    phone: mask('phone', r.phone, maskPhone),
    legalPerson: r.legalPerson,
    industry: r.industry,
    ownership: r.ownership,
    scale: r.scale,
    businessFormat: r.businessFormat,
    marketType: r.marketType,
    source: r.source,
    needs: r.needs,
    purchaseChannel: r.purchaseChannel,
    salesChannel: r.salesChannel,
    remark: r.remark,
    tags: json<string[]>(r.tags) ?? [],
    isKey: bool(r.isKey),
    isLocked: bool(r.isLocked),
    stage: r.stage,
    stageChangedAt: r.stageChangedAt,
    grade: r.gradeOverride ?? r.grade,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    orgUnitId: r.orgUnitId,
    orgUnitName: r.orgUnitName,
    poolId: r.poolId,
    lastContactAt: r.lastContactAt,
    lastOnsiteAt: r.lastOnsiteAt,
    lastPhoneAt: r.lastPhoneAt,
    onsiteDueAt: r.onsiteDueAt,
    phoneDueAt: r.phoneDueAt,
    releasedAt: r.releasedAt,
    reclaimWarnedAt: r.reclaimWarnedAt,
    potentialScore: r.potentialScore,
    masked,
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
};
