import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";
import * as esEs from "@zxcvbn-ts/language-es-es";
import * as fr from "@zxcvbn-ts/language-fr";

/**
 * Common passwords, refused at sign-up, reset and change (shared/guide/privacy.md; ASVS 5.0
 * 6.2.4), by zxcvbn-ts (docs/decisions/0621): its list of about 49,000 passwords from public
 * breaches and its English, French and Spanish word lists and names, with their capitalised,
 * reversed and l33t variants ("P@ssw0rd"), plus words of this service and of Catalan, for which
 * zxcvbn-ts has no package. A password is refused when it is one such entry as a whole, or when
 * zxcvbn finds it guessable in under a thousand tries ("aaaaaaaa", "12341234"). No composition rule.
 */
const localWords = [
  "bilan", "bilan123", "bilanbilan", "socialbalance", "balancsocial", "balancesocial", "balancesocial123",
  "contrasenya", "contrasenya1", "contrasenya123", "catalunya", "barcelona", "benvinguts", "benvingut", "visca", "cooperativa",
];

/** No entry of the lists is longer than 24 characters: a longer password is on none of them. */
const LONGEST_CHECKED = 32;

let listed: Set<string> | undefined;
let factory: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  // Built at the first check (about a second): the dictionaries are large.
  factory ??= new ZxcvbnFactory({
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary, ...esEs.dictionary, bilan: localWords },
    // The l33t matcher's cost grows fast with substitutions; ten find every listed variant.
    l33tMaxSubstitutions: 10,
    maxLength: LONGEST_CHECKED,
  });
  return factory;
}

export function isCommonPassword(password: string): boolean {
  if (password.length > LONGEST_CHECKED) return false;
  // An entry of the list as it stands ("billbill" is one, which zxcvbn reads as a repetition).
  listed ??= new Set([...common.dictionary["passwords-common"], ...localWords]);
  if (listed.has(password.toLowerCase())) return true;
  const result = zxcvbn().check(password);
  const whole = result.sequence.length === 1 && result.sequence[0].pattern === "dictionary";
  return whole || result.score === 0;
}
