import { useParams, useSearchParams } from 'react-router';
import { CheckInStation } from '@/features/check-in/components/check-in-station';

/** Outside the app shell and RequireAuth: the station authenticates itself and keeps working offline. */
export function CheckInStationRoute() {
  const { eventId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  return (
    <CheckInStation
      key={eventId}
      eventId={eventId}
      gate={params.get('gate') ?? undefined}
      sessionId={params.get('session') ?? undefined}
      isKiosk={params.get('mode') === 'kiosk'}
      onLeaveKiosk={() =>
        setParams((current) => {
          const next = new URLSearchParams(current);
          next.delete('mode');
          return next;
        })
      }
    />
  );
}
