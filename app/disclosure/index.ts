/** Research releases: protected tables, the attack checker, release comparison and the data package. */
export * from "./types";
export { DEFAULT_DISCLOSURE_SETTINGS, MINIMUM_K, parseDisclosureSettings } from "./settings";
export { protectRelease, quartilesMayPin, type ProtectInput } from "./protect";
export { attackRelease } from "./attack";
export { compareReleases, type CompareResult } from "./compare";
export { buildReleasePackage, buildZip, csvText, sha256Hex, type PackageFile, type ReleaseLanguage, type ReleasePackageInput } from "./package";
export { parseCsv, readWithSchema, tabularDataPackageSchema, TABLE_SCHEMA_TYPES } from "./frictionless";
export { ROUNDING } from "./statistics";
export { UNKNOWN_VALUE } from "./structure";
export { unitDomain } from "./domain";
export { auditReleasePair } from "./rerelease";
