/**
 * Numbers typed by a person, read in that person's language. Pure: the browser (the value
 * understood, shown beside the field) and the server (every save) read them with the same code.
 * See docs/decisions/0680-numbers-read-in-the-readers-language.md.
 */
import type { Locale } from "./locales";

interface Separators {
  /** The decimal separator of the language. */
  decimal: "." | ",";
  /** The other of "." and ",": a thousands separator when it groups digits by three. */
  other: "." | ",";
}

// From CLDR, as Intl.NumberFormat formats them (fr groups with a narrow no-break space, which
// counts as a space below): any language the installation offers, with no table to keep.
const separatorsOf = new Map<Locale, Separators>();
function separators(locale: Locale): Separators {
  let found = separatorsOf.get(locale);
  if (!found) {
    const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal")?.value === "," ? "," : ".";
    found = { decimal, other: decimal === "," ? "." : "," };
    if (separatorsOf.size > 100) separatorsOf.clear();
    separatorsOf.set(locale, found);
  }
  return found;
}

const SPACE = /[ \u00a0\u202f\u2009']/;
const SPACES = /[ \u00a0\u202f\u2009']/g;
const DIGITS = /^\d+$/;

/** "1 234 567" and "1.234.567": a first group of one to three digits, then groups of three. */
function groupedBy(integer: string, separator: string): string | undefined {
  const groups = integer.split(separator);
  if (groups.length < 2) return DIGITS.test(integer) ? integer : undefined;
  if (!/^\d{1,3}$/.test(groups[0]) || groups.slice(1).some((g) => !/^\d{3}$/.test(g))) return undefined;
  return groups.join("");
}

/**
 * Reads a number typed in a form in the reader's language: digits, an optional sign, an optional
 * trailing "%", the language's decimal separator, and thousands grouped by three with spaces
 * (ordinary, no-break, narrow no-break, thin), an apostrophe, or the other of "." and ",".
 *
 * - en: "1,234" is 1234, "1,234.5" is 1234.5, "250.000" is 250.
 * - fr, ca, es: "250.000" is 250000, "2,5" is 2.5, "1.234,5" and "1 234,5" are 1234.5.
 * - The other separator once, not followed by exactly three digits, is a decimal separator
 *   (a numeric keypad's "." in Spain, "2.5" is 2.5; in English "1,5" is 1.5): it cannot group.
 * - Anything else is not a number ("1,234.5" in Spanish, "1.2.3", "1e5", "Infinity"), so that a
 *   value is never read 1000 times too small or too large.
 *
 * Without a language only plain "1234.5" is read (what scripts and JSON send).
 */
export function parseLocaleNumber(text: string, locale?: Locale): number | undefined {
  let s = text.trim().replace(/\u2212/g, "-");
  if (s.endsWith("%")) s = s.slice(0, -1).trimEnd();
  let sign = "";
  if (s.startsWith("-") || s.startsWith("+")) {
    sign = s[0] === "-" ? "-" : "";
    s = s.slice(1);
  }
  if (s === "") return undefined;
  let integer: string | undefined;
  let fraction = "";
  if (!locale) {
    const m = /^(\d*)(?:\.(\d*))?$/.exec(s);
    if (!m) return undefined;
    integer = m[1];
    fraction = m[2] ?? "";
  } else {
    const { decimal, other } = separators(locale);
    const hasSpaces = SPACE.test(s);
    const decimalAt = s.indexOf(decimal);
    if (decimalAt >= 0) {
      if (s.indexOf(decimal, decimalAt + 1) >= 0) return undefined;
      fraction = s.slice(decimalAt + 1);
      if (fraction !== "" && !DIGITS.test(fraction)) return undefined;
      integer = readInteger(s.slice(0, decimalAt), other, hasSpaces);
    } else {
      const otherCount = s.split(other).length - 1;
      integer = readInteger(s, other, hasSpaces);
      if (integer === undefined && otherCount === 1 && !hasSpaces) {
        // "2.5" in Spanish, "1,5" in English: the other separator cannot group here.
        const [whole, part] = s.split(other);
        if ((whole === "" || DIGITS.test(whole)) && DIGITS.test(part)) {
          integer = whole;
          fraction = part;
        }
      }
    }
  }
  if (integer === undefined || (integer === "" && fraction === "")) return undefined;
  const n = Number(`${sign}${integer || "0"}.${fraction || "0"}`);
  return Number.isFinite(n) ? n : undefined;
}

/** The integer part, its thousands separators taken out (spaces, or the other separator: one kind). */
function readInteger(part: string, other: string, hasSpaces: boolean): string | undefined {
  if (part === "") return "";
  if (hasSpaces) {
    if (part.includes(other)) return undefined;
    return groupedBy(part.replace(SPACES, " "), " ");
  }
  return groupedBy(part, other);
}
