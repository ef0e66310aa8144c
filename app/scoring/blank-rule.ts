/**
 * What a blank answer means for a score. Since engine 1.1.0 an optional question that feeds a
 * scored indicator must say it (`blank:`), or the definition is refused: skipping such a question
 * must never score better than answering it.
 *
 * The versions below were published before that rule and have answers, so their files must not
 * change (a used version never changes). For them the engine applies the rule itself: such a
 * question is required at submission. Listed by content hash, so any edit of these files loses
 * the exemption and must say what a blank means.
 */
export const PUBLISHED_BEFORE_BLANK_RULE: ReadonlySet<string> = new Set([
  "e627d50da9119e7643a25a39bc5c6df87fd9240c902de47206696b4ffb376541", // social-balance-basic 2024.1
  "1afcfeafbe1167ba2c99d50c4bc2de7b9543f57624961f76c883e5dae72cf3d4", // social-balance-basic 2025.1
  "0fbda94eff55be22524c53b039e34bfb17b9ec68a82f43c8822820f8161eda8d", // social-balance-complete 2025.1
]);
