/** A form as a project keeps it: field name to text, a checkbox, or null (a field the family lacks). */
export type FormValues = Record<string, string | boolean | null>;

/** The form's fields as plain values, for saving. */
export function formValues<F extends object>(form: F): FormValues {
  return { ...(form as Record<string, string | boolean | null>) };
}

/**
 * A saved form laid over a fresh one: only fields the fresh form knows, only values of the type it
 * holds there, and for a field with a fixed set of choices only one of them. A field the fresh form
 * has as null (the family lacks it) stays null. So a project written by another version, or edited
 * by hand, cannot put a value into the form that the form could not hold.
 */
export function mergeFormValues<F extends object>(fresh: F, saved: FormValues | null, choices: Partial<Record<keyof F, readonly string[]>> = {}): F {
  const merged = { ...fresh } as Record<string, unknown>;
  if (!saved) return merged as F;
  for (const [field, current] of Object.entries(merged)) {
    if (current === null || !Object.prototype.hasOwnProperty.call(saved, field)) continue;
    const value = saved[field];
    if (typeof value !== typeof current) continue;
    const allowed = choices[field as keyof F];
    if (allowed && !allowed.includes(value as string)) continue;
    merged[field] = value;
  }
  return merged as F;
}
