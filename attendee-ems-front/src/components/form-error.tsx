import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';

/** Form-level error, announced to screen readers as soon as it appears. */
export function FormError({ message }: { message: string | null | undefined }) {
  return (
    <div aria-live="assertive">
      {message && (
        <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
          {message}
        </Alert>
      )}
    </div>
  );
}
