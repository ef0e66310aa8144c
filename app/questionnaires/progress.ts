import type { CompiledDefinition } from "#app/scoring/compile-definition";
import { applicableQuestions } from "./answers";
import type { Answers } from "./schema";

/** A question counts as answered once it holds a value (an empty list is an answer: "none of these"). */
export function isAnswered(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/**
 * How many of a section's asked questions hold an answer: "3 of 12 answered". The page counts
 * with the answers as they are now (stored, or just typed and saving), not as the page loaded.
 */
export function sectionProgress(questions: ReadonlyArray<{ id: string }>, values: Answers, applicable: ReadonlySet<string>) {
  const asked = questions.filter((q) => applicable.has(q.id));
  return { answered: asked.filter((q) => isAnswered(values[q.id])).length, total: asked.length };
}

/**
 * Every section of an assessment with what is answered and what is still required, as the
 * overview and the organisation's dashboard show it.
 */
export function assessmentProgress(compiled: CompiledDefinition, values: Answers) {
  const applicable = new Set(applicableQuestions(compiled, values));
  return compiled.definition.sections.map((s) => ({
    id: s.id,
    title: s.title,
    ...sectionProgress(s.questions, values, applicable),
    requiredLeft: s.questions.filter((q) => applicable.has(q.id) && q.required && !isAnswered(values[q.id])).length,
  }));
}
