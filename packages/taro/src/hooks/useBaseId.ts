import { useId } from 'react';

/**
 * The prefix of every id inside one component instance (`fankui-r1-description`…): ties
 * labels and errors to their controls and lets the form scroll to a field. `useId()`'s
 * colons are dropped, since the ids also serve as CSS selectors.
 */
export const useBaseId = () => `fankui-${useId().replace(/:/g, '')}`;
