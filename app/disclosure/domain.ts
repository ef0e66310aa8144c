/**
 * What a reader knows of an indicator's values before reading any table: its domain, from its unit.
 * A cell whose mean sits on a bound of the domain holds that value for every member (a yes/no
 * indicator with mean 1: every member has it), so the bounds are disclosure facts, and the codebook
 * states them.
 */
import type { IndicatorMeta } from "./types";

const DOMAINS: Record<string, NonNullable<IndicatorMeta["domain"]>> = {
  boolean: { min: 0, max: 1, integer: true },
  percent: { min: 0, max: 100 },
  people: { min: 0, integer: true },
  count: { min: 0, integer: true },
  days: { min: 0 },
  hours: { min: 0 },
  fte: { min: 0 },
  kwh: { min: 0 },
  tonnes: { min: 0 },
  km: { min: 0 },
  ratio: { min: 0 },
};

/** The domain of an indicator with this unit, or undefined when values are unbounded (money, points). */
export function unitDomain(unit: string): IndicatorMeta["domain"] {
  const d = DOMAINS[unit];
  return d ? { ...d } : undefined;
}
