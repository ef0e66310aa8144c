/** Shared by the review pages and the review model: safe on both sides. */
export const MAX_COMMENT_LENGTH = 5000;
export const decisions = ["validate", "return", "reject"] as const;
export type Decision = (typeof decisions)[number];
