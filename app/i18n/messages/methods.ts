import type { NamespaceMessages } from "./index";

/** Strings of scoring methods: norms frozen when a campaign opens, points in reports. */
export const methods = {
  en: {
    normsRefused: "The campaign was not opened: {message}",
    points: "{points} points",
    pointsOf: "{points} of {maximum} points ({percent}%)",
  },
  fr: {
    normsRefused: "La campagne n’a pas été ouverte : {message}",
    points: "{points} points",
    pointsOf: "{points} sur {maximum} points ({percent} %)",
  },
  ca: {
    normsRefused: "La campanya no s’ha obert: {message}",
    points: "{points} punts",
    pointsOf: "{points} de {maximum} punts ({percent} %)",
  },
  es: {
    normsRefused: "La campaña no se ha abierto: {message}",
    points: "{points} puntos",
    pointsOf: "{points} de {maximum} puntos ({percent} %)",
  },
} satisfies NamespaceMessages;
