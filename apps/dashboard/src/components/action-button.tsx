import { useMutation, useQueryClient } from '@tanstack/react-query';

/** A button for one API action; shows progress and the API's error, refreshes on success. */
export function ActionButton({
  label,
  action,
  disabled,
}: {
  label: string;
  action: () => Promise<unknown>;
  disabled?: boolean;
}) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: action,
    onSuccess: () => queryClient.invalidateQueries(),
  });
  return (
    <span className="action">
      <button
        type="button"
        className="button"
        disabled={disabled || mutation.isPending}
        onClick={() => mutation.mutate()}
      >
        {mutation.isPending ? `${label}…` : label}
      </button>
      {mutation.isError && (
        <span role="alert" className="error">
          {' '}
          {mutation.error.message}
        </span>
      )}
      {mutation.isSuccess && <span role="status"> done</span>}
    </span>
  );
}
