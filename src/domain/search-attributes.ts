/**
 * Custom search attributes, so an operator can type `NhacHanPlan = "X" AND NhacHanState = "overdue"` in the
 * Temporal Web UI. Defined once here; the dev server registers them at start (see embedded/temporal-dev-server.ts)
 * and docker-compose registers them with `temporal operator search-attribute create`.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const PLAN_KEY = defineSearchAttributeKey('NhacHanPlan', SearchAttributeType.KEYWORD);
export const YEAR_KEY = defineSearchAttributeKey('NhacHanYear', SearchAttributeType.INT);
export const AGENCY_KEY = defineSearchAttributeKey('NhacHanAgency', SearchAttributeType.KEYWORD);
export const OBLIGATION_KEY = defineSearchAttributeKey('NhacHanObligation', SearchAttributeType.KEYWORD);
export const DUE_KEY = defineSearchAttributeKey('NhacHanDueAt', SearchAttributeType.DATETIME);
export const STATE_KEY = defineSearchAttributeKey('NhacHanState', SearchAttributeType.KEYWORD);

/** Name → type as the Temporal CLI spells it (`--search-attribute Name=Type`). */
export const SEARCH_ATTRIBUTE_DEFINITIONS: ReadonlyArray<readonly [string, 'Keyword' | 'Int' | 'Datetime']> = [
  [PLAN_KEY.name, 'Keyword'],
  [YEAR_KEY.name, 'Int'],
  [AGENCY_KEY.name, 'Keyword'],
  [OBLIGATION_KEY.name, 'Keyword'],
  [DUE_KEY.name, 'Datetime'],
  [STATE_KEY.name, 'Keyword'],
];
