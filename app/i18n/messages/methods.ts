import type { NamespaceMessages } from "./index";

/** Strings of scoring methods: norms frozen when a campaign opens, points in reports. */
export const methods = {
  en: {
    normsRefused: "The campaign was not opened: {message}",
    points: "{points} points",
    pointsOf: "{points} of {maximum} points ({percent}%)",
    failPassRule: "The method's pass rule does not hold.",
  },
  fr: {
    normsRefused: "La campagne n’a pas été ouverte : {message}",
    points: "{points} points",
    pointsOf: "{points} sur {maximum} points ({percent} %)",
    failPassRule: "La règle de réussite de la méthode n’est pas remplie.",
  },
  ca: {
    normsRefused: "La campanya no s’ha obert: {message}",
    points: "{points} punts",
    pointsOf: "{points} de {maximum} punts ({percent} %)",
    failPassRule: "No es compleix la regla d’aprovació del mètode.",
  },
  es: {
    normsRefused: "La campaña no se ha abierto: {message}",
    points: "{points} puntos",
    pointsOf: "{points} de {maximum} puntos ({percent} %)",
    failPassRule: "No se cumple la regla de aprobación del método.",
  },
} satisfies NamespaceMessages;
