import { Button, EmptyState } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

export function StatusPage({ icon, title, description, actionLabel, actionTo = '/' }: {
  icon: ReactNode;
  title: string;
  description: string;
  actionLabel?: string;
  actionTo?: string;
}) {
  return (
    <EmptyState icon={icon} title={title} description={description} py={64}>
      {actionLabel && (
        <Button component={Link} to={actionTo} variant="light">
          {actionLabel}
        </Button>
      )}
    </EmptyState>
  );
}
