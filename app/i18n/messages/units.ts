import type { NamespaceMessages } from "./index";

const symbols = { percent: "%", eur: "€", kwh: "kWh", km: "km" };

export const units = {
  en: { ...symbols, ratio: "ratio", points: "points", boolean: "yes/no", people: "people", fte: "full-time equivalents", hours: "hours", days: "days", count: "count", tonnes: "tonnes" },
  fr: { ...symbols, ratio: "rapport", points: "points", boolean: "oui/non", people: "personnes", fte: "équivalents temps plein", hours: "heures", days: "jours", count: "nombre", tonnes: "tonnes" },
  ca: { ...symbols, ratio: "ràtio", points: "punts", boolean: "sí/no", people: "persones", fte: "equivalents a temps complet", hours: "hores", days: "dies", count: "nombre", tonnes: "tones" },
  es: { ...symbols, ratio: "ratio", points: "puntos", boolean: "sí/no", people: "personas", fte: "equivalentes a tiempo completo", hours: "horas", days: "días", count: "número", tonnes: "toneladas" },
} satisfies NamespaceMessages;
