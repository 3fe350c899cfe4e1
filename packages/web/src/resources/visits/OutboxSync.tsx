import { useInvalidateVisits } from '../../api/visits';
import { useOutboxSync } from '../../offline/useOutbox';

/** Runs the field log's outbox in the background of every page; renders nothing. */
export const OutboxSync = ({ userId }: { userId: string }) => {
  const invalidate = useInvalidateVisits();
  useOutboxSync(userId, () => void invalidate());
  return null;
};
