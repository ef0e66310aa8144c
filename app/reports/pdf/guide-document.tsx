import { Document, Page, StyleSheet, Text, View } from "@react-pdf/renderer";
import type { Locale } from "#app/i18n/locales";
import { formatNumber, type Translate } from "#app/i18n/translate";
import { guideTags, type GuideSection } from "#app/questionnaires/guide";

/** The questionnaire guide as an A4 PDF: the same content as the printable page. */
const styles = StyleSheet.create({
  page: { fontFamily: "DejaVu Sans", fontSize: 9.5, color: "#1d2430", paddingTop: 40, paddingBottom: 48, paddingHorizontal: 42 },
  h1: { fontSize: 17, fontWeight: "bold", marginBottom: 4 },
  subtitle: { fontSize: 10, color: "#4f5a6b", marginBottom: 8 },
  intro: { marginBottom: 8 },
  h2: { fontSize: 12.5, fontWeight: "bold", color: "#9b1d3f", marginTop: 12, marginBottom: 4 },
  question: { borderBottomWidth: 1, borderBottomColor: "#cdd3dc", paddingVertical: 4 },
  label: { fontWeight: "bold" },
  tags: { fontSize: 8, color: "#4f5a6b" },
  help: { fontSize: 8.5, color: "#4f5a6b", marginTop: 1 },
  list: { fontSize: 8.5, marginLeft: 8 },
  footer: { position: "absolute", bottom: 22, left: 42, right: 42, fontSize: 8, color: "#4f5a6b" },
});

export function GuideDocument({ title, sections, locale, t }: { title: string; sections: GuideSection[]; locale: Locale; t: Translate }) {
  return (
    <Document title={`${title} · ${t("pages.guideTitle")}`} creator="Bilan" producer="Bilan" language={locale}>
      <Page size="A4" style={styles.page}>
        <Text style={[styles.footer, { textAlign: "left" }]} fixed>
          {title}
        </Text>
        <Text style={[styles.footer, { textAlign: "right" }]} fixed render={({ pageNumber, totalPages }) => t("pages.pdfPage", { page: formatNumber(locale, pageNumber), pages: formatNumber(locale, totalPages) })} />
        <Text style={styles.h1}>{t("pages.guideTitle")}</Text>
        <Text style={styles.subtitle}>{title}</Text>
        <Text style={styles.intro}>{t("pages.guideIntro")}</Text>
        {sections.map((s, si) => (
          <View key={s.id}>
            <Text style={styles.h2} minPresenceAhead={50}>
              {si + 1}. {s.title[locale]}
            </Text>
            {s.description ? <Text style={styles.help}>{s.description[locale]}</Text> : null}
            {s.questions.map((q, qi) => (
              <View key={q.id} style={styles.question} wrap={false}>
                <Text style={styles.label}>
                  {si + 1}.{qi + 1} {q.label[locale]}
                </Text>
                <Text style={styles.tags}>
                  {guideTags(q, t)}
                </Text>
                {q.help ? <Text style={styles.help}>{q.help[locale]}</Text> : null}
                {q.choices.length > 0 ? <Text style={styles.list}>{`${t("pages.guideChoices")}: ${q.choices.map((c) => c.label[locale]).join(" · ")}`}</Text> : null}
                <Text style={styles.list}>
                  {q.feeds.length > 0 ? `${t("pages.guideWhy")} ${q.feeds.map((f) => f.label[locale] + (f.scored ? ` (${t("pages.guideScored")})` : "")).join("; ")}` : t("pages.guideWhyData")}
                </Text>
              </View>
            ))}
          </View>
        ))}
      </Page>
    </Document>
  );
}
