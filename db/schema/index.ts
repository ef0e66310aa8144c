// One file per aggregate; this index is what drizzle and the app import.
export * from "./accounts";
export * from "./audit";
export * from "./email";
export * from "./assessments";
export * from "./reports";
export * from "./review";
export * from "./releases";
export * from "./benchmarks";
export * from "./surveys";
