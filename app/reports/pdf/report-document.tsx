import { Document, Page, Polygon, Line, Svg, Text, View, StyleSheet, G } from "@react-pdf/renderer";
import { formatScore, formatValue } from "#app/components/charts/format";
import type { Locale } from "#app/i18n/locales";
import { formatNumber, type Translate } from "#app/i18n/translate";
import type { Report, ReportIndicator } from "#app/models/reports.server";
import type { Benchmark } from "#app/reports/stats";

/**
 * The report as an A4 PDF: a summary first (total, seal, the axes on a radar and in a table, the
 * strongest and weakest indicators with advice), then each axis with its indicators, then the
 * commitments. Page numbers in the footer. Drawn with @react-pdf/renderer's primitives, from the
 * same Report the page shows.
 */
const ACCENT = "#9b1d3f";
const INK = "#1d2430";
const MUTED = "#4f5a6b";
const LINE = "#cdd3dc";

const styles = StyleSheet.create({
  page: { fontFamily: "DejaVu Sans", fontSize: 9.5, color: INK, paddingTop: 40, paddingBottom: 48, paddingHorizontal: 42 },
  brand: { fontSize: 9, color: ACCENT, fontWeight: "bold", marginBottom: 6 },
  h1: { fontSize: 18, fontWeight: "bold", marginBottom: 2 },
  subtitle: { fontSize: 10, color: MUTED, marginBottom: 12 },
  h2: { fontSize: 13, fontWeight: "bold", marginTop: 14, marginBottom: 6, color: ACCENT },
  h3: { fontSize: 10.5, fontWeight: "bold", marginTop: 8, marginBottom: 3 },
  totalRow: { flexDirection: "row", alignItems: "center", marginBottom: 8 },
  total: { fontSize: 22, fontWeight: "bold", marginRight: 12 },
  seal: { fontSize: 10, paddingVertical: 3, paddingHorizontal: 6, borderRadius: 3 },
  summary: { flexDirection: "row", gap: 16 },
  table: { borderTopWidth: 1, borderTopColor: LINE, marginBottom: 6 },
  row: { flexDirection: "row", borderBottomWidth: 1, borderBottomColor: LINE, paddingVertical: 3 },
  head: { fontWeight: "bold", color: MUTED, fontSize: 8.5 },
  advice: { fontSize: 8.5, backgroundColor: "#fff8e1", borderLeftWidth: 2, borderLeftColor: "#c9a227", paddingVertical: 2, paddingHorizontal: 4, marginTop: 2 },
  small: { fontSize: 8, color: MUTED },
  // No line height on the page: a fixed text drawn by `render` vanishes under an inherited one.
  footer: { position: "absolute", bottom: 22, left: 42, right: 42, fontSize: 8, color: MUTED },
});

interface Props {
  report: Report;
  locale: Locale;
  t: Translate;
}

function median(b: Benchmark, locale: Locale, t: Translate, unit: string | null): string {
  if (!b.shown) return t("report.notEnough");
  return formatValue(locale, t, b.median, unit);
}

/** The axis scores on a radar, with the median of all participants dashed where it may be shown. */
function Radar({ report }: { report: Report }) {
  const axes = report.axes;
  const size = 190;
  const c = size / 2;
  const r = c - 12;
  const at = (i: number, value: number) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / axes.length;
    const k = (Math.max(0, Math.min(10, value)) / 10) * r;
    return `${(c + k * Math.cos(angle)).toFixed(1)},${(c + k * Math.sin(angle)).toFixed(1)}`;
  };
  if (axes.length < 3) return null;
  const rings = [2.5, 5, 7.5, 10].map((v) => axes.map((_, i) => at(i, v)).join(" "));
  const median = axes.every((a) => a.benchmark.all.shown) ? axes.map((a, i) => at(i, a.benchmark.all.shown ? a.benchmark.all.median : 0)).join(" ") : null;
  return (
    <Svg width={size} height={size} viewBox={`0 0 ${size} ${size}`}>
      <G>
        {rings.map((points, i) => (
          <Polygon key={i} points={points} stroke={LINE} strokeWidth={0.8} fill="none" />
        ))}
        {axes.map((_, i) => {
          const [x, y] = at(i, 10).split(",").map(Number);
          return <Line key={i} x1={c} y1={c} x2={x} y2={y} stroke={LINE} strokeWidth={0.8} />;
        })}
        {median ? <Polygon points={median} stroke={MUTED} strokeWidth={1} strokeDasharray="3 2" fill="none" /> : null}
        <Polygon points={axes.map((a, i) => at(i, a.score ?? 0)).join(" ")} stroke="#1f6f5c" strokeWidth={1.6} fill="#1f6f5c" fillOpacity={0.25} />
      </G>
    </Svg>
  );
}

function IndicatorRows({ indicators, locale, t }: { indicators: ReportIndicator[]; locale: Locale; t: Translate }) {
  return (
    <View style={styles.table}>
      <View style={styles.row} fixed>
        <Text style={[styles.head, { width: "40%" }]}>{t("report.indicator")}</Text>
        <Text style={[styles.head, { width: "17%" }]}>{t("report.value")}</Text>
        <Text style={[styles.head, { width: "10%" }]}>{t("report.score")}</Text>
        <Text style={[styles.head, { width: "16%" }]}>{t("report.medianAll")}</Text>
        <Text style={[styles.head, { width: "17%" }]}>{t("report.medianSameForm")}</Text>
      </View>
      {indicators.map((i) => (
        <View key={i.code} style={styles.row} wrap={false}>
          <View style={{ width: "40%", paddingRight: 4 }}>
            <Text>{i.label}</Text>
            {i.advice && i.score !== null && i.score < 5 ? <Text style={styles.advice}>{`${t("report.advice")} ${i.advice}`}</Text> : null}
          </View>
          <Text style={{ width: "17%" }}>{i.applicable ? formatValue(locale, t, i.value, i.unit) : t("report.notApplicable")}</Text>
          <Text style={{ width: "10%" }}>{i.scored ? formatScore(locale, i.score) : "—"}</Text>
          <Text style={{ width: "16%" }}>{median(i.benchmark.all, locale, t, i.unit)}</Text>
          <Text style={{ width: "17%" }}>{median(i.benchmark.sameForm, locale, t, i.unit)}</Text>
        </View>
      ))}
    </View>
  );
}

export function ReportDocument({ report, locale, t }: Props) {
  const scored = report.indicators.filter((i) => i.scored && i.applicable && i.score !== null);
  const byScore = [...scored].sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.code.localeCompare(b.code));
  const strongest = byScore.slice(0, 3);
  const weakest = byScore.slice(-3).reverse().filter((i) => !strongest.includes(i));
  const sealText = report.seal.granted ? t("report.sealGranted") : report.seal.passed ? t("report.sealPassed") : t("report.sealFailed");
  const title = t("report.title", { year: report.year });
  return (
    <Document title={`${report.organisation.name} · ${title}`} author={report.organisation.name} creator="Bilan" producer="Bilan" language={locale}>
      <Page size="A4" style={styles.page}>
        <Text style={styles.brand} fixed>
          Bilan · {report.organisation.name}
        </Text>
        {/* Fixed parts appear from the page they are declared on: declare the footer first. */}
        <Text style={[styles.footer, { textAlign: "left" }]} fixed>
          {report.organisation.name} · {title}
        </Text>
        <Text style={[styles.footer, { textAlign: "right" }]} fixed render={({ pageNumber, totalPages }) => t("pages.pdfPage", { page: formatNumber(locale, pageNumber), pages: formatNumber(locale, totalPages) })} />
        <Text style={styles.h1}>{title}</Text>
        <Text style={styles.subtitle}>
          {report.organisation.name} · {report.questionnaireTitle} · {t("report.version", { version: report.version })}
        </Text>

        <Text style={styles.h2}>{t("report.summary")}</Text>
        <View style={styles.totalRow}>
          <Text style={styles.total}>
            {t("report.total")}: {formatScore(locale, report.total)} / 10
          </Text>
          <Text style={[styles.seal, report.seal.passed || report.seal.granted ? { backgroundColor: "#e3f3ea", color: "#1b5e3f" } : { backgroundColor: "#fbecec", color: "#8a1f1f" }]}>{sealText}</Text>
        </View>
        <View style={styles.summary}>
          <Radar report={report} />
          <View style={{ flex: 1 }}>
            <View style={styles.table}>
              <View style={styles.row}>
                <Text style={[styles.head, { width: "44%" }]}>{t("report.axis")}</Text>
                <Text style={[styles.head, { width: "14%" }]}>{t("report.score")}</Text>
                <Text style={[styles.head, { width: "21%", paddingRight: 4 }]}>{t("report.minimum")}</Text>
                <Text style={[styles.head, { width: "21%" }]}>{t("report.medianAll")}</Text>
              </View>
              {report.axes.map((a) => (
                <View key={a.id} style={styles.row}>
                  <Text style={{ width: "44%", paddingRight: 4 }}>{a.title}</Text>
                  <Text style={{ width: "14%" }}>{formatScore(locale, a.score)}</Text>
                  <Text style={{ width: "21%" }}>{formatScore(locale, a.minimum)}</Text>
                  <Text style={{ width: "21%" }}>{a.benchmark.all.shown ? formatScore(locale, a.benchmark.all.median) : "—"}</Text>
                </View>
              ))}
            </View>
            <Text style={styles.small}>{t("report.radarCaption")}</Text>
          </View>
        </View>

        {strongest.length > 0 ? (
          <View wrap={false}>
            <Text style={styles.h3}>{t("pages.pdfStrongest")}</Text>
            {strongest.map((i) => (
              <Text key={i.code}>
                • {i.label}: {formatScore(locale, i.score)} / 10
              </Text>
            ))}
          </View>
        ) : null}
        {weakest.length > 0 ? (
          <View wrap={false}>
            <Text style={styles.h3}>{t("pages.pdfWeakest")}</Text>
            {weakest.map((i) => (
              <View key={i.code}>
                <Text>
                  • {i.label}: {formatScore(locale, i.score)} / 10
                </Text>
                {i.advice ? <Text style={styles.advice}>{`${t("report.advice")} ${i.advice}`}</Text> : null}
              </View>
            ))}
          </View>
        ) : null}
        <Text style={[styles.small, { marginTop: 8 }]}>{t("report.benchmarkRule", { k: report.k })}</Text>

        {report.axes.map((a) => {
          const ofAxis = report.indicators.filter((i) => i.axis === a.id);
          if (ofAxis.length === 0) return null;
          return (
            <View key={a.id} break={false}>
              <Text style={styles.h2} minPresenceAhead={60}>
                {a.title}: {formatScore(locale, a.score)} / 10
              </Text>
              <IndicatorRows indicators={ofAxis} locale={locale} t={t} />
            </View>
          );
        })}

        {report.dataOnly.length > 0 ? (
          <View>
            <Text style={styles.h2} minPresenceAhead={60}>
              {t("report.dataOnly")}
            </Text>
            <Text style={styles.small}>{t("report.dataOnlyHint")}</Text>
            {report.dataOnly.map((i) => (
              <View key={i.code} style={styles.row} wrap={false}>
                <Text style={{ width: "60%" }}>{i.label}</Text>
                <Text style={{ width: "40%" }}>{i.applicable ? formatValue(locale, t, i.value, i.unit) : t("report.notApplicable")}</Text>
              </View>
            ))}
          </View>
        ) : null}

        <View wrap={false}>
          <Text style={styles.h2}>{t("report.commitments")}</Text>
          {report.commitments.length === 0 ? <Text>{t("report.noCommitments")}</Text> : null}
          {report.commitments.map((c) => (
            <Text key={c.id}>
              • {c.label}: {c.direction === "at_least" ? t("report.atLeast") : t("report.atMost")} {formatValue(locale, t, c.target, c.unit)}
              {c.note ? ` (${c.note})` : ""}
            </Text>
          ))}
        </View>

      </Page>
    </Document>
  );
}
