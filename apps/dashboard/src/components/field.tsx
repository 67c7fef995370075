import { useId, type ReactNode } from 'react';

/** A labelled form field with its validation messages announced to screen readers. */
export function Field({
  label,
  errors = [],
  hint,
  children,
}: {
  label: string;
  errors?: string[];
  hint?: ReactNode;
  children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby': string;
  }) => ReactNode;
}) {
  const id = useId();
  const describedBy = `${id}-msg`;
  return (
    <div className={`field${errors.length ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': errors.length > 0, 'aria-describedby': describedBy })}
      <div id={describedBy} className="field-msg" aria-live="polite">
        {errors.length > 0
          ? errors.map((e) => (
              <div key={e} className="error">
                {e}
              </div>
            ))
          : hint}
      </div>
    </div>
  );
}
