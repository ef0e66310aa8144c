import { useT, useLocale } from "#app/i18n/use-translate";
import type { Taxonomies } from "#app/utils/taxonomies";
import { taxonomyOptions } from "#app/utils/taxonomies";
import { Field, SelectField } from "./form";

interface Props {
  taxonomies: Taxonomies;
  values?: Record<string, string | number | undefined>;
  errors?: Record<string, string>;
}

/** The organisation's profile: name, legal form, sector, region, headcount. */
export function OrganisationFields({ taxonomies, values = {}, errors = {} }: Props) {
  const t = useT();
  const locale = useLocale();
  return (
    <fieldset>
      <legend>{t("organisation.profile")}</legend>
      <Field name="organisationName" label={t("organisation.name")} defaultValue={values.organisationName} error={errors.organisationName} required maxLength={200} />
      <SelectField name="legalForm" label={t("organisation.legalForm")} options={taxonomyOptions(taxonomies, "legal_forms", locale)} defaultValue={values.legalForm as string} error={errors.legalForm} required placeholder={t("common.choose")} />
      <SelectField name="sector" label={t("organisation.sector")} options={taxonomyOptions(taxonomies, "sectors", locale)} defaultValue={values.sector as string} error={errors.sector} required placeholder={t("common.choose")} />
      <SelectField name="region" label={t("organisation.region")} options={taxonomyOptions(taxonomies, "regions", locale)} defaultValue={values.region as string} error={errors.region} required placeholder={t("common.choose")} />
      <Field name="headcount" type="number" inputMode="numeric" min={0} label={t("organisation.headcount")} hint={t("organisation.headcountHint")} defaultValue={values.headcount} error={errors.headcount} required />
    </fieldset>
  );
}
