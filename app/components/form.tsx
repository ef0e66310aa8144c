import { useRouteLoaderData } from "@remix-run/react";
import type { ReactNode, Ref } from "react";
import { useT } from "#app/i18n/use-translate";

export function useCsrfToken(): string {
  const data = useRouteLoaderData("root") as { csrfToken?: string } | undefined;
  return data?.csrfToken ?? "";
}

/** Goes in every form that POSTs: the server refuses a POST without it. */
export function CsrfInput() {
  return <input type="hidden" name="csrf" value={useCsrfToken()} />;
}

interface FieldProps {
  name: string;
  /** Defaults to field-<name>; give one when several forms of a page share field names. */
  id?: string;
  multiline?: boolean;
  label: string;
  type?: string;
  defaultValue?: string | number;
  error?: string;
  hint?: string;
  required?: boolean;
  autoComplete?: string;
  inputMode?: "text" | "numeric" | "decimal" | "email";
  min?: number;
  max?: number;
  maxLength?: number;
}

/** A labelled input with its hint and its error, wired for screen readers. */
export function Field({ name, id: givenId, multiline, label, type = "text", defaultValue, error, hint, required, ...rest }: FieldProps) {
  const t = useT();
  const id = givenId ?? `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {multiline ? (
        <textarea
          id={id}
          name={name}
          rows={3}
          defaultValue={defaultValue}
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          maxLength={rest.maxLength}
        />
      ) : (
        <input
          id={id}
          name={name}
          type={type}
          defaultValue={defaultValue}
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...rest}
        />
      )}
      {error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

interface SelectProps {
  name: string;
  /** Needed where one page has several forms with a field of this name. */
  id?: string;
  label: string;
  options: Array<{ id: string; label: string }>;
  defaultValue?: string;
  error?: string;
  required?: boolean;
  placeholder?: string;
}

export function SelectField({ name, id: givenId, label, options, defaultValue, error, required, placeholder }: SelectProps) {
  const t = useT();
  const id = givenId ?? `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue ?? ""}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

export function FormError({ error }: { error?: string | null }) {
  const t = useT();
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {t(error)}
    </p>
  );
}

/** What an action did, announced; `focusRef` lets the page move focus to it after the action. */
export function Notice({ children, focusRef }: { children: ReactNode; focusRef?: Ref<HTMLParagraphElement> }) {
  return (
    <p className="notice" role="status" ref={focusRef} tabIndex={focusRef ? -1 : undefined}>
      {children}
    </p>
  );
}
