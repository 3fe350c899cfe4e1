import { Grid } from 'antd';

/** Phone-sized screens (below antd's `md`, 768 px). Unknown (first render) counts as desktop. */
export const useIsMobile = (): boolean => Grid.useBreakpoint().md === false;
