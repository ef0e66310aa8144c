import type { CompiledDefinition } from "#app/scoring/compile-definition";
import { applicableQuestions } from "./answers";
import type { AnswerValue, Answers, LocalizedText, Question } from "./schema";

export interface SheetQuestion {
  id: string;
  label: LocalizedText;
  type: Question["type"];
  choices: Question["choices"];
  unit: Question["unit"];
  required: boolean;
  value: AnswerValue | null;
}

export interface SheetSection {
  id: string;
  title: LocalizedText;
  questions: SheetQuestion[];
}

/**
 * Every question a reader should see with its answer, section by section: those that apply,
 * and (with `keepAnsweredElsewhere`) those that no longer apply but still hold a value, which
 * a reviewer wants to see. Used by the check-your-answers page and the review page.
 */
export function answerSheet(compiled: CompiledDefinition, values: Answers, options: { keepAnsweredElsewhere?: boolean } = {}): SheetSection[] {
  const applicable = new Set(applicableQuestions(compiled, values));
  const has = (id: string) => values[id] !== undefined && values[id] !== null;
  return compiled.definition.sections.map((s) => ({
    id: s.id,
    title: s.title,
    questions: s.questions
      .filter((q) => applicable.has(q.id) || (options.keepAnsweredElsewhere === true && has(q.id)))
      .map((q) => ({
        id: q.id,
        label: q.label,
        type: q.type,
        choices: q.choices,
        unit: q.unit,
        required: q.required === true,
        value: (values[q.id] ?? null) as AnswerValue | null,
      })),
  }));
}
