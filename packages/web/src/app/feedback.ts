import { App } from 'antd';

type Feedback = ReturnType<typeof App.useApp>;

let current: Feedback | null = null;

/** Lets code outside React (the query cache) use the themed, translated message API. */
export const setFeedback = (f: Feedback) => {
  current = f;
};
export const feedback = () => current;
