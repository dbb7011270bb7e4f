export {
  TRANSITIONS,
  LifecycleError,
  assertTransition,
  canTransition,
  isOpen,
  isTerminal,
  nextStatuses,
  type LifecycleErrorCode,
  type TransitionTable,
} from './lifecycle';
