import type { NamespaceMessages } from "./index";

export const admin = {
  en: {
    consoleTitle: "Network administration",
    outboxTitle: "Email outbox",
    outboxIntro: "Emails Bilan has written. Without an SMTP server they are not sent: read them here.",
    outboxEmpty: "No email yet.",
    emailTo: "To",
    emailSent: "sent",
    emailNotSent: "not sent (no SMTP server)",
  },
  fr: {
    consoleTitle: "Administration du réseau",
    outboxTitle: "Boîte d’envoi",
    outboxIntro: "Les e-mails écrits par Bilan. Sans serveur SMTP, ils ne sont pas envoyés : lisez-les ici.",
    outboxEmpty: "Aucun e-mail pour l’instant.",
    emailTo: "À",
    emailSent: "envoyé",
    emailNotSent: "non envoyé (pas de serveur SMTP)",
  },
  ca: {
    consoleTitle: "Administració de la xarxa",
    outboxTitle: "Safata de sortida",
    outboxIntro: "Els correus que Bilan ha escrit. Sense servidor SMTP no s’envien: llegiu-los aquí.",
    outboxEmpty: "Encara no hi ha cap correu.",
    emailTo: "Per a",
    emailSent: "enviat",
    emailNotSent: "no enviat (sense servidor SMTP)",
  },
  es: {
    consoleTitle: "Administración de la red",
    outboxTitle: "Bandeja de salida",
    outboxIntro: "Los correos que Bilan ha escrito. Sin servidor SMTP no se envían: léelos aquí.",
    outboxEmpty: "Todavía no hay ningún correo.",
    emailTo: "Para",
    emailSent: "enviado",
    emailNotSent: "no enviado (sin servidor SMTP)",
  },
} satisfies NamespaceMessages;
