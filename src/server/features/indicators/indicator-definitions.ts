// The plan's indicators (domain.md "Targets") are written once, as SQL functions in the
// database, created by migration 0004 (db/migrations/0004-indicators.ts, frozen). Every
// consumer calls them: the aggregates the worker keeps, the from-scratch rebuild and its
// verification, the drill-down lists and the API. Changing a definition is a new migration
// that replaces the functions (CREATE OR REPLACE FUNCTION …), then `indicators:rebuild`.
// This module names what the code needs of them:
//
//   indicator_residents(villages, ends)   who lived in the villages at each end date
//   indicator_people(villages, ends)      each resident × each person indicator counting them
//   indicator_households(villages, ends)  each household with a resident × TT / HGD
//   indicator_values(villages, ends)      numerator / denominator / extra per village × end × code
//   support_counts(villages, months)      visits, people supported, procedures, apps by month
import { INDICATOR_CODES } from '../../../shared/indicators.ts';

/**
 * Residents, counted with the indicators but not one of them: POP's denominator is the
 * population, its numerator those with a CCCD (the home page's figures).
 */
export const POPULATION_CODE = 'POP';
export const AGGREGATE_CODES = [POPULATION_CODE, ...INDICATOR_CODES] as const;

/** A change mark's "since" when every date's figures may move (before any stored end). */
export const ALL_DATES = '1900-01-01';
