import { Alert } from 'antd';
import { LoadingOutlined } from '@ant-design/icons';

type Run = { status: 'running' | 'succeeded' | 'failed' | 'abandoned' };

/**
 * Where a background run started from a page stands (decisions 081, 082): running (with a
 * spinner), done, or ended without finishing. The page words each state; `text` is called with
 * the run only when there is one.
 */
export const RunNote = <R extends Run>({ run, text }: { run: R | null | undefined; text: (run: R) => string }) => {
  if (!run) return null;
  const state = run.status === 'running' ? 'running' : run.status === 'succeeded' ? 'done' : 'failed';
  const type = state === 'running' ? 'info' : state === 'done' ? 'success' : 'warning';
  return <Alert type={type} showIcon icon={state === 'running' ? <LoadingOutlined /> : undefined} data-testid={`recompute-${state}`} title={text(run)} />;
};
