import { useT } from "#app/i18n/use-translate";

interface Props {
  /** Unique on the page: several forms of one page share field names. */
  id: string;
  name: string;
  label: string;
  type?: string;
  defaultValue?: string | number;
  error?: string;
  required?: boolean;
  multiline?: boolean;
  maxLength?: number;
}

/** A labelled input or textarea with its error, for pages with one form per row. */
export function AdminField({ id, name, label, type = "text", defaultValue, error, required, multiline, maxLength }: Props) {
  const t = useT();
  const common = {
    id,
    name,
    defaultValue,
    required,
    maxLength,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
  };
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {multiline ? <textarea rows={3} {...common} /> : <input type={type} {...common} />}
      {error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}
