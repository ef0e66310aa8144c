/**
 * The limit for the benchmark: the indicators of social-balance-complete 2025.1 written by hand
 * in TypeScript, with the same not-applicable semantics, then scored and aggregated into the same
 * result shape as the engine. It reads the scoring rules and weights from the definition once
 * (setup), like any hand-written scorer would keep them in a table, and hard-codes every formula
 * and condition. The benchmark also checks that it agrees with the engine on every assessment.
 */
import type { CompiledDefinition } from "#app/scoring/compile-definition";
import type { Answers } from "#app/questionnaires/schema";
import { roundHalfAwayFromZero, ROUNDING_RULE, SCORE_DECIMALS, VALUE_DECIMALS } from "#app/scoring/rounding";
import { pointsFor, scoreBands, scoreBoolean, scoreLinear } from "#app/scoring/rules";
import type { AssessmentResult, AxisResult, IndicatorResult } from "#app/scoring/score";
import { ENGINE_VERSION } from "#app/scoring/version";

type V = number | boolean | readonly string[] | string | undefined;

export function makeHandwrittenScorer(compiled: CompiledDefinition): (answers: Answers) => AssessmentResult {
  const def = compiled.definition;
  if (def.questionnaire !== "social-balance-complete" || def.version !== "2025.1") {
    throw new Error("the hand-written scorer is for social-balance-complete 2025.1");
  }
  const codes = def.indicators.map((i) => i.code);
  const n = codes.length;
  const idx: Record<string, number> = Object.fromEntries(codes.map((c, i) => [c, i]));
  const inds = def.indicators;
  const axisOf = inds.map((i) => (i.axis === null ? -1 : def.axes.findIndex((a) => a.id === i.axis)));
  const scored = inds.map((i) => i.scored && i.axis !== null);
  const choiceOrder = (id: string) => compiled.questionById.get(id)!.choiceIds;
  const choices = {
    legal: choiceOrder("legal_form"),
    profit: choiceOrder("profit_allocation"),
    waste: choiceOrder("waste_practices"),
    worklife: choiceOrder("worklife_measures"),
    info: choiceOrder("information_channels"),
    access: choiceOrder("accessibility_measures"),
    freeSoftware: choiceOrder("free_software"),
  };
  const orderFor = new Map<number, readonly string[]>([
    [idx.ECO_PROFIT_ALLOCATION, choices.profit],
    [idx.ENV_WASTE_PRACTICES, choices.waste],
    [idx.WRK_WORKLIFE_MEASURES, choices.worklife],
    [idx.DEM_INTERNAL_INFORMATION, choices.info],
    [idx.SOC_ACCESSIBILITY, choices.access],
    [idx.DIG_FREE_SOFTWARE, choices.freeSoftware],
  ]);

  const num = (v: unknown): number | undefined => (typeof v === "number" && v - v === 0 ? v : undefined);
  const bool = (v: unknown): boolean | undefined => (typeof v === "boolean" ? v : undefined);
  const one = (v: unknown, order: readonly string[]): string | undefined =>
    typeof v === "string" && order.includes(v) ? v : undefined;
  const many = (v: unknown, order: readonly string[]): string[] | undefined => {
    if (!Array.isArray(v)) return undefined;
    for (const c of v) if (typeof c !== "string" || !order.includes(c)) return undefined;
    return order.filter((c) => v.includes(c));
  };
  const fin = (x: number): number | undefined => (x - x === 0 ? x : undefined);
  const div = (a: number | undefined, b: number | undefined): number | undefined =>
    a === undefined || b === undefined || b === 0 ? undefined : fin(a / b);
  const pct = (a: number | undefined, b: number | undefined): number | undefined => {
    const q = div(a, b);
    return q === undefined ? undefined : fin(q * 100);
  };

  return (a: Answers): AssessmentResult => {
    // answers, with the questions' applies_when
    const wt = num(a.workers_total);
    const W = wt !== undefined && wt > 0;
    const turnover = num(a.turnover);
    const result = num(a.result_of_year);
    const pt = num(a.purchases_total);
    const ms = num(a.management_size);
    const womenWorkers = W ? num(a.women_workers) : undefined;
    const workerMembers = W ? num(a.worker_members) : undefined;
    const men = wt !== undefined && wt > 0 && womenWorkers !== undefined && womenWorkers < wt ? num(a.avg_salary_men) : undefined;
    const women = wt !== undefined && wt > 0 && womenWorkers !== undefined && womenWorkers > 0 ? num(a.avg_salary_women) : undefined;
    const volunteers = num(a.volunteers);
    const members = num(a.members_total);
    const serves = bool(a.serves_food);
    const survey = W ? bool(a.worker_survey) : undefined;
    const energy = num(a.energy_consumption);
    const vehicleKm = num(a.vehicle_km);
    const assets = num(a.total_assets);
    const mc = num(a.member_contributions);

    const v: V[] = new Array(n);
    v[idx.GEN_WORKERS] = wt;
    v[idx.GEN_WORKERS_FTE] = W ? num(a.workers_fte) : undefined;
    v[idx.GEN_MEMBERS] = members;
    v[idx.GEN_VOLUNTEERS] = volunteers;
    v[idx.GEN_TURNOVER] = turnover;
    v[idx.GEN_WOMEN_WORKERS_SHARE] = W ? pct(womenWorkers, wt) : undefined;
    v[idx.GEN_INCOME_SALES_SHARE] = turnover !== undefined && turnover > 0 ? pct(num(a.income_sales), turnover) : undefined;
    v[idx.GEN_RESULT] = result;
    v[idx.GEN_LOSS_YEAR] = result === undefined ? undefined : result < 0;
    v[idx.GEN_PURCHASES] = pt;
    v[idx.GEN_ENERGY] = energy;
    const renewable = num(a.renewable_electricity);
    v[idx.GEN_RENEWABLE_100] = renewable === undefined ? undefined : renewable >= 100;
    const payRatio = W ? div(num(a.highest_salary), num(a.lowest_salary)) : undefined;
    v[idx.GEN_PAY_RATIO_CAP5] = payRatio === undefined ? undefined : payRatio <= 5;
    v[idx.GEN_TRAINING_HOURS] = W ? num(a.training_hours) : undefined;
    v[idx.ENV_ENERGY_PER_WORKER] = W ? div(energy, wt) : undefined;

    v[idx.ECO_ETHICAL_FINANCE] = num(a.ethical_finance_share);
    v[idx.ECO_ETHICAL_BANK_MEMBER] = bool(a.ethical_bank_member);
    v[idx.ECO_SSE_PURCHASES] = pt !== undefined && pt > 0 ? pct(num(a.purchases_social_economy), pt) : undefined;
    v[idx.ECO_RESPONSIBLE_PURCHASING] = bool(a.responsible_purchasing_policy);
    v[idx.ECO_PROFIT_ALLOCATION] = result !== undefined && result > 0 ? one(a.profit_allocation, choices.profit) : undefined;
    v[idx.ECO_ACCOUNTS_PUBLISHED] = bool(a.accounts_published);
    v[idx.ECO_SUBSIDY_DEPENDENCY] = turnover !== undefined && turnover > 0 ? pct(num(a.income_subsidies), turnover) : undefined;
    v[idx.ECO_POSITIVE_RESULT] = result === undefined ? undefined : result >= 0;

    v[idx.DEM_WOMEN_GOVERNANCE] = pct(num(a.women_governing_body), num(a.governing_body_size));
    v[idx.DEM_WOMEN_MANAGEMENT] = ms !== undefined && ms > 0 ? pct(num(a.women_management), ms) : undefined;
    v[idx.DEM_ASSEMBLY_PARTICIPATION] = num(a.assembly_participation);
    v[idx.DEM_WORKERS_IN_DECISIONS] = W ? bool(a.workers_in_decisions) : undefined;
    v[idx.DEM_WORKER_MEMBERS] = W ? pct(workerMembers, wt) : undefined;
    v[idx.DEM_PAY_RATIO] = payRatio;
    v[idx.DEM_SALARY_TRANSPARENCY] = bool(a.salaries_published);
    v[idx.DEM_EQUALITY_PLAN] = bool(a.equality_plan);
    v[idx.DEM_PAY_GAP_ABS] =
      men !== undefined && women !== undefined ? pct(Math.abs(men - women), men >= women ? men : women) : undefined;

    v[idx.ENV_RENEWABLE_ELECTRICITY] = renewable;
    v[idx.ENV_WASTE_PRACTICES] = many(a.waste_practices, choices.waste);
    v[idx.ENV_SUSTAINABLE_MOBILITY] = W ? num(a.sustainable_mobility_share) : undefined;
    v[idx.ENV_ENVIRONMENTAL_POLICY] = bool(a.environmental_policy);
    v[idx.ENV_ECOLOGICAL_PURCHASES] = num(a.ecological_purchases_share);

    v[idx.SOC_NETWORK_MEMBER] = bool(a.network_member);
    v[idx.SOC_INTERCOOPERATION] = num(a.intercooperation_projects);
    v[idx.SOC_COMMUNITY_PROJECTS] = num(a.community_projects);
    v[idx.SOC_COMMUNITY_CONTRIBUTION] = turnover !== undefined && turnover > 0 ? pct(num(a.community_contribution), turnover) : undefined;
    v[idx.SOC_FREE_KNOWLEDGE] = bool(a.free_knowledge);
    v[idx.SOC_LOCAL_PURCHASES] = pt !== undefined && pt > 0 ? pct(num(a.purchases_local), pt) : undefined;
    v[idx.SOC_VOLUNTEERING] = volunteers === undefined ? undefined : volunteers > 0;

    v[idx.WRK_PERMANENT_CONTRACTS] = W ? pct(num(a.permanent_contracts), wt) : undefined;
    v[idx.WRK_INVOLUNTARY_PART_TIME] = W ? pct(num(a.involuntary_part_time), wt) : undefined;
    v[idx.WRK_TRAINING_PER_WORKER] = W ? div(num(a.training_hours), wt) : undefined;
    v[idx.WRK_WORKLIFE_MEASURES] = W ? many(a.worklife_measures, choices.worklife) : undefined;
    v[idx.WRK_LEAVE_BEYOND_STATUTORY] = W ? bool(a.leave_beyond_statutory) : undefined;
    v[idx.WRK_HEALTH_PLAN] = W ? bool(a.health_plan) : undefined;

    v[idx.GEN_WOMEN_MEMBERS_SHARE] = members !== undefined && members > 0 ? pct(num(a.women_members), members) : undefined;
    v[idx.GEN_WASTE] = num(a.waste_tonnes);
    v[idx.GEN_VEHICLE_KM] = vehicleKm;
    v[idx.GEN_WORKERS_UNDER_30_SHARE] = W ? pct(num(a.workers_under_30), wt) : undefined;
    v[idx.GEN_WORKERS_OVER_55_SHARE] = W ? pct(num(a.workers_over_55), wt) : undefined;
    v[idx.GEN_MEMBER_CONTRIBUTIONS] = mc !== undefined ? mc : 0;
    v[idx.ECO_SOLVENCY] = assets !== undefined && assets > 0 ? pct(num(a.equity_capital), assets) : undefined;
    v[idx.ECO_PAYMENT_PERIOD] = num(a.supplier_payment_days);
    v[idx.DEM_ASSEMBLIES] = num(a.assemblies_per_year);
    v[idx.DEM_INTERNAL_INFORMATION] = many(a.information_channels, choices.info);
    v[idx.DEM_PARTICIPATORY_PLAN] = bool(a.participatory_strategic_plan);
    v[idx.DEM_WORKER_MEMBERS_VOTE] = W && workerMembers !== undefined && workerMembers > 0 ? bool(a.worker_members_vote) : undefined;
    v[idx.ENV_CARBON_FOOTPRINT] = bool(a.carbon_footprint_measured);
    v[idx.ENV_ORGANIC_FOOD] = serves === true ? num(a.organic_food_share) : undefined;
    v[idx.ENV_WATER_SAVING] = bool(a.water_saving);
    v[idx.ENV_VEHICLE_KM_PER_WORKER] = W ? div(vehicleKm, wt) : undefined;
    v[idx.SOC_SOCIAL_CLAUSES] = bool(a.social_clauses);
    v[idx.SOC_COMMUNITY_HOURS_PER_WORKER] = W ? div(num(a.community_hours), wt) : undefined;
    v[idx.SOC_ACCESSIBILITY] = many(a.accessibility_measures, choices.access);
    v[idx.SOC_INCLUSION_EMPLOYMENT] = W ? pct(num(a.inclusion_workers), wt) : undefined;
    v[idx.WRK_SICK_DAYS_PER_WORKER] = W ? div(num(a.sick_leave_days), wt) : undefined;
    v[idx.WRK_ACCIDENT_RATE] = W ? pct(num(a.work_accidents), wt) : undefined;
    v[idx.WRK_OVERTIME_PER_WORKER] = W ? div(num(a.overtime_hours), wt) : undefined;
    v[idx.WRK_ABOVE_AGREEMENT] = W ? bool(a.salary_above_agreement) : undefined;
    v[idx.WRK_SATISFACTION_SURVEY] = survey;
    v[idx.WRK_SATISFACTION] = W && survey === true ? num(a.worker_satisfaction) : undefined;
    v[idx.DIG_FREE_SOFTWARE] = one(a.free_software, choices.freeSoftware);
    v[idx.DIG_ETHICAL_HOSTING] = bool(a.ethical_hosting);
    v[idx.DIG_DIGITAL_TRAINING] = bool(a.digital_training);

    // scores and aggregation
    const axes = def.axes;
    const axisSum = new Float64Array(axes.length);
    const axisWeight = new Float64Array(axes.length);
    const indicators: IndicatorResult[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const ind = inds[i];
      let x = v[i];
      if (x === undefined) {
        indicators[i] = { code: ind.code, axis: ind.axis, value: null, score: null, applicable: false, reason: "not_applicable", scored: scored[i] };
        continue;
      }
      let s = 0;
      let chosen: string[] | undefined;
      const rule = ind.rule;
      if (rule && rule.kind === "points") {
        const p = pointsFor(x as string | string[], orderFor.get(i)!, rule.points);
        chosen = typeof x === "string" ? [x] : [...(x as string[])];
        x = p.value;
        s = p.score;
      } else if (rule && scored[i]) {
        if (rule.kind === "linear") s = scoreLinear(x as number, rule.from as number, rule.to as number);
        else if (rule.kind === "bands") s = scoreBands(x as number, rule.bands);
        else if (rule.kind === "boolean") s = scoreBoolean(x as boolean, rule.if_true, rule.if_false);
      }
      let score: number | null = null;
      if (scored[i]) {
        const w = ind.weight as number; // the shipped definitions' weights are numbers
        axisSum[axisOf[i]] += s * w;
        axisWeight[axisOf[i]] += w;
        score = roundHalfAwayFromZero(s, SCORE_DECIMALS);
      }
      const out: IndicatorResult = {
        code: ind.code,
        axis: ind.axis,
        value: typeof x === "boolean" ? (x ? 1 : 0) : roundHalfAwayFromZero(x as number, VALUE_DECIMALS),
        score,
        applicable: true,
        scored: scored[i],
      };
      if (chosen) out.choices = chosen;
      indicators[i] = out;
    }
    let totalSum = 0;
    let totalWeight = 0;
    const failures: string[] = [];
    const axisResults: AxisResult[] = new Array(axes.length);
    for (let k = 0; k < axes.length; k++) {
      const axis = { ...axes[k], weight: axes[k].weight as number };
      if (axisWeight[k] === 0) {
        axisResults[k] = { id: axis.id, score: null, applicable: false, weight: axis.weight, minimum: axis.seal_minimum };
        continue;
      }
      const s = axisSum[k] / axisWeight[k];
      totalSum += s * axis.weight;
      totalWeight += axis.weight;
      const r = roundHalfAwayFromZero(s, SCORE_DECIMALS);
      if (r < axis.seal_minimum) failures.push(`axis_below_minimum:${axis.id}`);
      axisResults[k] = { id: axis.id, score: r, applicable: true, weight: axis.weight, minimum: axis.seal_minimum };
    }
    let total: number | null = null;
    if (totalWeight === 0) failures.unshift("no_total");
    else {
      total = roundHalfAwayFromZero(totalSum / totalWeight, SCORE_DECIMALS);
      if (total < def.seal.total_minimum) failures.unshift("total_below_minimum");
    }
    return {
      engineVersion: ENGINE_VERSION,
      definitionHash: compiled.contentHash,
      questionnaire: def.questionnaire,
      version: def.version,
      rounding: ROUNDING_RULE,
      indicators,
      axes: axisResults,
      total,
      seal: { passed: failures.length === 0, failures, totalMinimum: def.seal.total_minimum },
    };
  };
}

/** The engine's result without the reasons (the hand-written scorer does not name them). */
export function withoutReasons(r: AssessmentResult): AssessmentResult {
  return { ...r, indicators: r.indicators.map(({ reason: _reason, ...rest }) => (rest.applicable ? rest : { ...rest, reason: "not_applicable" })) };
}
